# Exim bounces carry no Delivered-To: the envelope recipient, alice's
# signed sub-address, is only in $RECIPIENT at delivery and in the "for"
# clause of the topmost Received: line that `check` reads back.
KIND="envelope read back from the header block: tagged Exim bounce"
EXPECT=inbox
setup() {
	mksend <<<'envelope_tag = yes'
	make_outgoing > out.eml
	send out.eml -f alice@example.org bob@example.net
	export RECIPIENT; RECIPIENT=$(sed -n 3p "$FAKE_DIR/argv")
}
message() {
	BOUNCE_ID=ex-10g@mx.example.org make_exim_bounce unlogged-10g@laptop.example.org |
	    sed "s/^	for alice@example.org;/	for $RECIPIENT;/"
}
