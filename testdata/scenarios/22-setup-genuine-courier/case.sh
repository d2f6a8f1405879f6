# Sent mail kept in ".INBOX.Sent" (Courier's and Dovecot's Maildir++ names under INBOX).  The bounce arrives
# before notmuch new: the copy is there on disk only.
KIND="setup: copy in .INBOX.Sent, not indexed yet"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { unindexed_copy ".INBOX.Sent" scen-22courier@example.org; }
message() { make_bounce scen-22courier@example.org; }
