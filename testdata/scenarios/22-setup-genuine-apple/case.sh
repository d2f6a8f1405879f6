# Sent mail kept in "Sent Messages" (Apple Mail's name).  The bounce arrives
# before notmuch new: the copy is there on disk only.
KIND="setup: copy in Sent Messages, not indexed yet"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { unindexed_copy "Sent Messages" scen-22apple@example.org; }
message() { make_bounce scen-22apple@example.org; }
