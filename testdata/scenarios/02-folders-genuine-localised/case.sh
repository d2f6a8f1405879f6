# Dovecot's Maildir++ folder of a French client, in modified UTF-7
# (".Envoy&AOk-s" is "Envoyés"), indexed, untagged.
KIND="copy in .Envoy&AOk-s (Envoyés)"
EXPECT=inbox
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	sent_copy scen-02c@example.org < /dev/null | put_copy ".Envoy&AOk-s" index
}
message() { make_exim_bounce scen-02c@example.org; }
