# notmuch is configured but `notmuch new` never ran: there is no
# database yet.  The client's copy is in .Sent on disk (written a
# minute ago), so the sent folders find it without notmuch.
KIND="setup: no notmuch database yet, copy in .Sent on disk"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	rm -rf "$MAILDIR/.notmuch"
	unindexed_copy .Sent scen-23d@example.org
}
message() { make_bounce scen-23d@example.org; }
