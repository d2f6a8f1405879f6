# The twin: a new user with an empty database and no sent mail at all
# gets backscatter.  Nothing records her sending it, and nothing could:
# the verdict is "unverified", filed where `unverified` says (the
# quarantine by default).  See 23-setup-genuine-new-user-no-copy.
KIND="setup: new user, nothing sent yet, backscatter"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
message() { make_bounce scen-23f@example.org; }
