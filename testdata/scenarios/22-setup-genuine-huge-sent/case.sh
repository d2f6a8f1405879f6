# Years of sent mail in one folder: 40000 files in .Sent/cur (empty
# stand-ins, written in 2020), none indexed by this notmuch, and the
# client's copy of the bounced message, written a second ago.  Whatever
# order the file system lists them in, the new copy must be found.
KIND="setup: copy not indexed yet among 40000 files in .Sent/cur"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	many_old_files .Sent 40000
	unindexed_copy .Sent scen-22h@example.org
}
message() { make_bounce scen-22h@example.org; }
