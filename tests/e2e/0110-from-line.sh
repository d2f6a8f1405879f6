#!/usr/bin/env bash
# 0110: a leading mbox "From " line (as Postfix and Exim pipes give it)
# becomes X-Envelope-From:, the rest is stored unchanged, and a bounce with
# a "From " line in its body still gets indexed in notmuch.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 17
mkhome

# Ham with a Postfix From line (two spaces after MAILER-DAEMON).
make_ham | with_from_line > in.eml
tail -n +2 in.eml > in-rest.eml
SENDER=bob@example.net deliver in.eml
is "$RC" 0 "exit 0"
f=$(newest "$MAILDIR")
is "$(count "$MAILDIR")" 1 "delivered to the inbox"
like "$(first_line "$f")" "^X-Backstop: ham; class=none" "line 1 is X-Backstop"
is "$(sed -n 2p "$f")" "X-Envelope-From: MAILER-DAEMON  Thu Nov 28 16:00:01 2024" \
	"line 2 is the From line as X-Envelope-From (rest kept verbatim)"
ok "after those two lines, the input minus its From line, byte for byte" same_after 2 "$f" in-rest.eml
is "$(grep -c '^From ' "$f")" 1 "only the body's own 'From ' line is left"

# Exim's single-space From line with a real sender.
make_ham ham-exim@example.net > exim-rest.eml
{ echo 'From bob@example.net Thu Nov 28 16:00:01 2024'; cat exim-rest.eml; } > exim.eml
SENDER=bob@example.net deliver exim.eml
f=$(grep -l 'ham-exim@example.net' $(msgs "$MAILDIR"))
is "$(sed -n 2p "$f")" "X-Envelope-From: bob@example.net Thu Nov 28 16:00:01 2024" "Exim From line rewritten"
ok "Exim: rest byte for byte" same_after 2 "$f" exim-rest.eml

# A From-like line that is not the first line is not touched.
{ echo 'X-Test: 1'; echo 'From bob@example.net Thu Nov 28 16:00:01 2024'; make_ham ham-late@example.net; } > late.eml
deliver late.eml
f=$(grep -l 'ham-late@example.net' $(msgs "$MAILDIR"))
ok "a From line that is not first is not rewritten" same_after 1 "$f" late.eml

# A backscatter bounce with a From line and a "^From " line in its body
# (notmuch refuses such a file as an mbox if the From line is kept).
BOUNCE_ID=bounce-0110@mx.example.org make_bounce never-sent-0110@example.org |
	sed 's/^Please find the invoice attached\.$/&\nFrom the desk of Alice: see you./' |
	with_from_line > bounce.eml
tail -n +2 bounce.eml > bounce-rest.eml
SENDER= deliver bounce.eml
is "$RC" 0 "bounce with From line: exit 0"
is "$(count "$QUARANTINE")" 1 "bounce quarantined"
q=$(newest "$QUARANTINE")
like "$(first_line "$q")" "$(xb_re backscatter bounce never-sent-0110@example.org)" "classified as backscatter"
is "$(sed -n 2p "$q")" "X-Envelope-From: MAILER-DAEMON  Thu Nov 28 16:00:01 2024" "bounce: X-Envelope-From line"
ok "bounce: rest byte for byte" same_after 2 "$q" bounce-rest.eml
is "$(nm_count id:bounce-0110@mx.example.org)" 1 "bounce indexed in notmuch despite the body From line"
ok "indexed with tag backscatter" has_tag bounce-0110@mx.example.org backscatter

# header = no: only the From line rewrite.
write_config cfg.ini <<'EOF'
[delivery]
header = no
EOF
make_ham ham-nohdr@example.net | with_from_line > nohdr.eml
deliver nohdr.eml -c "$WORKDIR/cfg.ini"
f=$(grep -l 'ham-nohdr@example.net' $(msgs "$MAILDIR"))
is "$(first_line "$f")" "X-Envelope-From: MAILER-DAEMON  Thu Nov 28 16:00:01 2024" \
	"header = no: line 1 is X-Envelope-From"
