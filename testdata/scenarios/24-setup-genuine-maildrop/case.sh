# backstop run from ~/.mailfilter (contrib/maildroprc) under Postfix:
# maildrop keeps the MTA's environment but adds its own; the message
# is a Postfix DSN of a copy in .Sent, not indexed yet.
KIND="setup: run by maildrop, copy not indexed yet"
EXPECT=inbox
ENVELOPE=none
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	unindexed_copy .Sent scen-24m@example.org
	procmail_environment
}
message() { make_bounce scen-24m@example.org | with_from_line; }
