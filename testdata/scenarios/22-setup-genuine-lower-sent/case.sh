# Sent mail kept in "sent" (a plain folder ~/Maildir/sent/cur, not Maildir++).  The bounce arrives
# before notmuch new: the copy is there on disk only.
KIND="setup: copy in sent, not indexed yet"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { unindexed_copy "sent" scen-22lower-sent@example.org; }
message() { make_bounce scen-22lower-sent@example.org; }
