# No tagging recipe at all: notmuch's new.tags is "new" (no inbox, no
# unread), maildir.synchronize_flags is off, and nothing is ever tagged
# sent.  The copy is indexed in "Archive/2024" (nested), From alice:
# only its From: and its lack of outside hops say it is hers.
KIND="setup: untagged copy, new.tags=new, no flag sync"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	nm_config new.tags new
	nm_config maildir.synchronize_flags false
	sent_from scen-22u@example.org 'Alice Example <alice@example.org>' Archive/2024
}
message() { make_bounce scen-22u@example.org; }
