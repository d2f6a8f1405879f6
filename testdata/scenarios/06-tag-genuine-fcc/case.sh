# notmuch-emacs stores its Fcc copy by `notmuch insert +sent` into the
# inbox folder: no Received:, tagged sent, From an address notmuch's
# config does not list.
KIND="copy tagged sent, no Received:, in the inbox folder"
EXPECT=inbox
setup() {
	. "$TESTS_DIR/lib-sent.sh"
	sent_copy scen-06a@example.org 'Alice <alice@laptop.example>' < /dev/null | put_copy "" index
	nm tag +sent -- id:scen-06a@example.org
}
message() { make_bounce scen-06a@example.org; }
