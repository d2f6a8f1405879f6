# A Postfix DSN of a message the user sent; the sent copy is indexed.
KIND="baseline: sent copy indexed"
EXPECT=inbox
setup() { add_sent scen-00@example.org; }
message() { make_bounce scen-00@example.org; }
