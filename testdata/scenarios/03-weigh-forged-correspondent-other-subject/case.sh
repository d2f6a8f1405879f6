# The forged twin of 03-weigh-genuine-correspondent: alice wrote to bob
# yesterday, about "hello"; a worm on a mutual friend's machine forged
# her address to bob, and the bounce quotes its "cheap watches".  bob is
# her correspondent, but not about that: the weak notmuch miss stands.
KIND="weighing: a correspondent, but about another subject"
EXPECT=quarantine
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	sent_to hello-03f@example.org bob@remote.example 1 hello
	sent_to other-03f@example.org dave@else.example 2
}
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	remote_dsn 03f <<EOF
Return-Path: <alice@example.org>
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: cheap watches
Date: $(days_ago 0.04)
Message-ID: <20261126231501.9A2B@worm.example.net>
EOF
}
