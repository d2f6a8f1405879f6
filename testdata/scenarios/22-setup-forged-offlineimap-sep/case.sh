# The twin: ".[Gmail].Sent Mail" holds other fresh mail of alice's; the forgery
# itself reached ".[Gmail].Spam" from outside; nothing is indexed yet.
KIND="setup: .[Gmail].Sent Mail layout, forged copy in .[Gmail].Spam"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { forged_beside ".[Gmail].Sent Mail" ".[Gmail].Spam" scen-22offlineimap-sep-f@example.org; }
message() { make_bounce scen-22offlineimap-sep-f@example.org; }
