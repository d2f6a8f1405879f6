# The same Postfix DSN, of a message the user never sent.
KIND="baseline: no sent copy anywhere"
EXPECT=quarantine
setup() { add_sent other-00@example.org; }
message() { make_bounce scen-00@example.org; }
