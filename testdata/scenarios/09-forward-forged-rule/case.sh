# An auto-forward rule at alice's old address wraps a bounce of a
# message alice never sent ("FW:", no words of its own, the bounce
# attached): still an automated answer, and backscatter.
KIND="a mail system forwards a bounce"
EXPECT=quarantine
SENDER=alice@user.test
setup() { add_sent other-09@example.org; }
message() { grep -v '^Auto-Submitted:' "$TESTDATA/bounces/forwarded-auto.eml"; }
