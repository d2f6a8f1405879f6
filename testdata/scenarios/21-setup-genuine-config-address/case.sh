# A work address notmuch does not know, only backstop's own
# `[user] addresses`; the copy is untagged in .Archive.
KIND="setup: sent From an address only in [user] addresses"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() {
	printf '[user]\naddresses = Alice.Work@Corp.Example, other@corp.example\n' | write_config
	sent_from scen-21c@example.org 'Alice <alice.work@corp.example>' .Archive
}
message() { bounce_from scen-21c@example.org 'Alice <alice.work@corp.example>'; }
