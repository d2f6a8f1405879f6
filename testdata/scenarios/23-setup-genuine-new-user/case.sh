# A new user: the database was just made and holds nothing of hers; her
# first message bounced, and her client's copy is in .Sent, indexed by
# the first notmuch new, untagged (she has no tagging recipe yet).
KIND="setup: new user, first copy in .Sent, untagged"
EXPECT=inbox
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { sent_from scen-23n@example.org 'Alice Example <alice@example.org>' .Sent; }
message() { make_bounce scen-23n@example.org; }
