# The same Exim bounce to a sub-address in alice's tag format whose
# signature is wrong: someone made the tag up.
KIND="envelope read back from the header block: forged tag in an Exim bounce"
EXPECT=quarantine
setup() {
	mksend <<<'envelope_tag = yes'
	make_outgoing > out.eml
	send out.eml -f alice@example.org bob@example.net
	export RECIPIENT; RECIPIENT=$(sed -n 3p "$FAKE_DIR/argv")
	# one hex digit of the signature changed
	case $RECIPIENT in
	*0@example.org) RECIPIENT=${RECIPIENT%0@example.org}1@example.org ;;
	*) RECIPIENT=${RECIPIENT%?@example.org}0@example.org ;;
	esac
}
message() {
	BOUNCE_ID=ex-10f@mx.example.org make_exim_bounce unlogged-10f@laptop.example.org |
	    sed "s/^	for alice@example.org;/	for $RECIPIENT;/"
}
