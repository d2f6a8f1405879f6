# Sent mail kept in ".[Gmail].Sent Mail" (offlineimap with sep = . and Maildir++ names).  The bounce arrives
# before notmuch new: the copy is there on disk only.
KIND="setup: copy in .[Gmail].Sent Mail, not indexed yet"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { unindexed_copy ".[Gmail].Sent Mail" scen-22offlineimap-sep@example.org; }
message() { make_bounce scen-22offlineimap-sep@example.org; }
