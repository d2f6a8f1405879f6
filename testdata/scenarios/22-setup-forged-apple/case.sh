# The twin: "Sent Messages" holds other fresh mail of alice's; the forgery
# itself reached "Junk" from outside; nothing is indexed yet.
KIND="setup: Sent Messages layout, forged copy in Junk"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { forged_beside "Sent Messages" "Junk" scen-22apple-f@example.org; }
message() { make_bounce scen-22apple-f@example.org; }
