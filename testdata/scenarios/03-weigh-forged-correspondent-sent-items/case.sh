# Alice's client keeps her sent mail in "Sent Items" (Maildir++
# ".Sent Items"), which she never named in sent_folders; notmuch indexes
# it.  A spammer forged her address to bob, a correspondent, whose
# vacation reply names a message she never sent.  notmuch's coverage of
# her sent mail is measured in that folder too, so the miss weighs fully
# and outweighs bob being someone she writes to.
KIND="weighing: coverage measured in a sent folder found by its name"
EXPECT=quarantine
setup() {
	local dir="$MAILDIR/.Sent Items" i
	mkdir -p "$dir/cur" "$dir/new" "$dir/tmp"
	for i in 1 2 3 4; do
		printf 'From: Alice Example <alice@example.org>\nTo: %s\nSubject: note %s\nDate: %s\nMessage-ID: <items-%s@example.org>\n\nhello\n' \
		    "$([ "$i" = 1 ] && echo bob@example.net || echo "friend$i@else.example")" \
		    "$i" "$(date -R -d '-1 day')" "$i" > "$dir/cur/$(date +%s).M$i.items:2,S"
	done
	nm new --quiet
}
message() { make_autoreply forged-items@spam.example.net; }
