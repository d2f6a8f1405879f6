# The twin: "Sent Items" holds other fresh mail of alice's; the forgery
# itself reached "Junk E-mail" from outside; nothing is indexed yet.
KIND="setup: Sent Items layout, forged copy in Junk E-mail"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { forged_beside "Sent Items" "Junk E-mail" scen-22sent-items-nested-f@example.org; }
message() { make_bounce scen-22sent-items-nested-f@example.org; }
