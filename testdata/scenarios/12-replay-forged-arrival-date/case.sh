# An Exim-style queue that "held" the message for a month: the DSN's
# Arrival-Date is thirty days before the bounce, though the original
# (a copy of a real message of alice's, in notmuch) names no Date:.
KIND="replay: Arrival-Date a month before the bounce"
EXPECT=quarantine
setup() { . "$TESTDATA/scenarios/weigh-lib.sh"; indexed_sent 3; sent_to month-12@example.org bob@remote.example 31; }
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	ARRIVAL=$(days_ago 30) remote_dsn 12a <<EOF
Return-Path: <alice@example.org>
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: note 4
Message-ID: <month-12@example.org>
EOF
}
