# The twin: ".INBOX.Sent" holds other fresh mail of alice's; the forgery
# itself reached ".INBOX.Junk" from outside; nothing is indexed yet.
KIND="setup: .INBOX.Sent layout, forged copy in .INBOX.Junk"
EXPECT=quarantine
. "$TESTDATA/scenarios/setup-lib.sh"
setup() { forged_beside ".INBOX.Sent" ".INBOX.Junk" scen-22courier-f@example.org; }
message() { make_bounce scen-22courier-f@example.org; }
