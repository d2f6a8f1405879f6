# Carol writes: "can you help, my mail to you bounced", with the qmail
# bounce quoted under Gmail's forward marker.  A person's mail, though
# alice never sent the bounced message: inbox, class none.
KIND="a person forwards a bounce"
EXPECT=inbox
SENDER=carol@else.test
setup() { add_sent other-09@example.org; }
message() { cat "$TESTDATA/ham/person-forwards-bounce.eml"; }
