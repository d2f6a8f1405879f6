# Sent mail kept in "[Gmail].Sent Mail" (mbsync's Flatten = . of Gmail's folders).  The bounce arrives
# before notmuch new: the copy is there on disk only.
KIND="setup: copy in [Gmail].Sent Mail, not indexed yet"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { unindexed_copy "[Gmail].Sent Mail" scen-22gmail-flattened@example.org; }
message() { make_bounce scen-22gmail-flattened@example.org; }
