# The twin: bob's vacation reply answers a message that is in her
# "Sent Items" folder (found by its name, not configured): genuine.
KIND="weighing: coverage measured in a sent folder found by its name"
EXPECT=inbox
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
message() { make_autoreply items-1@example.org; }
