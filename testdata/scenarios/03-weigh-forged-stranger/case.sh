# The same small setup; the bounce is about a stranger alice never wrote
# to: the weak notmuch miss stands alone and decides.
KIND="weighing: weak notmuch miss, a stranger"
EXPECT=quarantine
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	sent_to hello-03s@example.org bob@remote.example 1
	sent_to other-03s@example.org dave@else.example 2
}
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	RCPT=stranger@remote.example remote_dsn 03s <<EOF
Return-Path: <alice@example.org>
From: Alice Example <alice@example.org>
To: stranger@remote.example
Subject: offer
Date: $(days_ago 0.04)
Message-ID: <AM0PR01MB9999.eurprd01.prod.outlook.example>
EOF
}
