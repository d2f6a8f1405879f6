# A long `notmuch new` holds the database's write lock while the bounce
# arrives; readers are not blocked, so the indexed copy is still found.
KIND="setup: database write-locked by a long notmuch new"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	sent_from scen-23l@example.org 'Alice Example <alice@example.org>' .Archive sent
	hold_write_lock 4
}
message() { make_bounce scen-23l@example.org; }
