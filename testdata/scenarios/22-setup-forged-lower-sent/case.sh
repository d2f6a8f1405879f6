# The twin: "sent" holds other fresh mail of alice's; the forgery
# itself reached "spam" from outside; nothing is indexed yet.
KIND="setup: sent layout, forged copy in spam"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { forged_beside "sent" "spam" scen-22lower-sent-f@example.org; }
message() { make_bounce scen-22lower-sent-f@example.org; }
