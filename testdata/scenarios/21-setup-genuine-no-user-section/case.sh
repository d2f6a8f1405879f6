# notmuch's config has no [user] section (notmuch then makes up
# USER@hostname), nothing is tagged sent, and the copy is archived in
# .Archive, From alice@example.org: the address the bounce was
# delivered to.  Judgement: an address her mail is delivered to is hers.
KIND="setup: no user.primary_email, untagged copy From the delivery address"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	sed -i '/^\[user\]/,/^$/d' "$HOME/.notmuch-config"
	sent_from scen-21n@example.org 'Alice Example <alice@example.org>' .Archive
}
message() { make_bounce scen-21n@example.org; }
