# backstop run from ~/.procmailrc (contrib/procmailrc): procmail
# replaces the environment, so there is no SENDER or RECIPIENT, but
# procmail's own variables (MAILDIR, DEFAULT, LOGNAME, ...) are there;
# the envelope sender is only in the mbox From line.  An Exim bounce
# (no Return-Path) of a message whose copy is indexed.
KIND="setup: run by procmail, no SENDER/RECIPIENT, Exim bounce"
EXPECT=inbox
ENVELOPE=none
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	sent_from scen-24p@example.org 'Alice Example <alice@example.org>' .Archive sent
	procmail_environment
}
message() { make_exim_bounce scen-24p@example.org; }
