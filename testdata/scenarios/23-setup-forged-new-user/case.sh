# The twin: a new user with an empty database and no sent mail at all
# gets backscatter from a remote server.  Judgement: nothing records
# her sending it, and no sign says she did; a notmuch miss whose
# coverage cannot be measured weighs -50 (verdict.c) and decides alone,
# so it is quarantined as backscatter.  Her genuine bounces still reach
# the inbox when her client kept a copy (23-setup-genuine-new-user), or
# her own server bounced her local submission
# (23-setup-genuine-new-user-no-copy); one with no copy, no sent log and
# no sign at all cannot be told from this one.
KIND="setup: new user, nothing sent yet, backscatter"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
message() { make_bounce scen-23f@example.org; }
