# A small setup: notmuch holds two of alice's sent messages, too few to
# measure how much of her sent mail it indexes, so its miss is weak.
# The bounce (its original's ID was replaced by the sending service) is
# about bob@remote.example, whom alice wrote to yesterday about "hello"
# (her reply went out from webmail, which notmuch never sees): genuine.
# Writing to bob about something else would not count (the forged twin).
KIND="weighing: weak notmuch miss, a correspondent she wrote to"
EXPECT=inbox
setup() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	sent_to hello-03c@example.org bob@remote.example 1 hello
	sent_to other-03c@example.org dave@else.example 2
}
message() {
	. "$TESTDATA/scenarios/weigh-lib.sh"
	remote_dsn 03c <<EOF
Return-Path: <alice@example.org>
From: Alice Example <alice@example.org>
To: bob@remote.example
Subject: Re: hello
Date: $(days_ago 0.04)
Message-ID: <AM0PR01MB1234.eurprd01.prod.outlook.example>
EOF
}
