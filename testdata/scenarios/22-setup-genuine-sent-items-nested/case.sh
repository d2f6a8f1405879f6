# Sent mail kept in "Sent Items" (Outlook's name, as a nested Maildir, not Maildir++).  The bounce arrives
# before notmuch new: the copy is there on disk only.
KIND="setup: copy in Sent Items, not indexed yet"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { unindexed_copy "Sent Items" scen-22sent-items-nested@example.org; }
message() { make_bounce scen-22sent-items-nested@example.org; }
