# A hand-written ~/.notmuch-config: database.path = Maildir/ (relative
# to HOME, with a trailing slash, as notmuch allows).  The delivery runs
# where the MTA runs it (Postfix: /var/spool/postfix; here /), and the
# copy, written a second ago, is in .Sent on disk only.
KIND="setup: relative database.path, delivery run from another directory"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	sed -i 's|^path=.*|path=Maildir/|' "$HOME/.notmuch-config"
	unindexed_copy .Sent scen-20r@example.org
	cd /
}
message() { make_bounce scen-20r@example.org; }
