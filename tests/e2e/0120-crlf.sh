#!/usr/bin/env bash
# 0120: CRLF input: the X-Backstop line ends in CRLF, the rest is kept
# byte for byte, and bounces in CRLF are classified like LF ones.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 18
mkhome
CR=$(printf '\r')

# LF input: the header line ends in a bare LF.
make_ham > lf.eml
deliver lf.eml
f=$(newest "$MAILDIR")
is "$(head -n 1 "$f" | tr -cd '\r' | wc -c)" 0 "LF input: header line ends in LF, no CR"

# CRLF ham.
make_ham ham-crlf@example.net | to_crlf > crlf.eml
deliver crlf.eml
is "$RC" 0 "CRLF ham: exit 0"
f=$(grep -l 'ham-crlf@example.net' $(msgs "$MAILDIR"))
is "$(first_line "$f")" "X-Backstop: ham; class=none$CR" "CRLF ham: header line ends in CRLF"
ok "CRLF ham: rest byte for byte" same_after 1 "$f" crlf.eml

# CRLF backscatter bounce.
BOUNCE_ID=bounce-crlf@mx.example.org make_bounce never-sent-crlf@example.org | to_crlf > bs.eml
SENDER= deliver bs.eml
is "$RC" 0 "CRLF backscatter: exit 0"
is "$(count "$QUARANTINE")" 1 "CRLF backscatter: quarantined"
q=$(newest "$QUARANTINE")
like "$(first_line "$q")" "$(xb_re backscatter bounce never-sent-crlf@example.org | sed 's/\$$//')$CR\$" \
	"CRLF backscatter: verdict, ref without CR, line ends in CRLF"
is "$(first_line "$q" | tr -cd '\r' | wc -c)" 1 "exactly one CR in the header line"
ok "CRLF backscatter: rest byte for byte" same_after 1 "$q" bs.eml
is "$(nm_count id:bounce-crlf@mx.example.org)" 1 "CRLF backscatter: indexed"
ok "CRLF backscatter: tagged backscatter" has_tag bounce-crlf@mx.example.org backscatter

# CRLF genuine bounce.
add_sent sent-crlf@example.org
BOUNCE_ID=bounce-crlf2@mx.example.org make_bounce sent-crlf@example.org | to_crlf > gen.eml
SENDER= deliver gen.eml
is "$RC" 0 "CRLF genuine: exit 0"
f=$(grep -l 'bounce-crlf2@mx.example.org' $(msgs "$MAILDIR"))
ok "CRLF genuine: in the inbox" test -n "$f"
like "$(first_line "$f")" "$(xb_re genuine bounce sent-crlf@example.org | sed 's/\$$//')$CR\$" "CRLF genuine: verdict"
ok "CRLF genuine: rest byte for byte" same_after 1 "$f" gen.eml

# CRLF with a From line: header in CRLF, the From line's own CR kept.
make_ham ham-crlf-from@example.net | with_from_line | to_crlf > crlff.eml
tail -n +2 crlff.eml > crlff-rest.eml
deliver crlff.eml
f=$(grep -l 'ham-crlf-from@example.net' $(msgs "$MAILDIR"))
is "$(first_line "$f")" "X-Backstop: ham; class=none$CR" "CRLF+From: header line ends in CRLF"
is "$(sed -n 2p "$f")" "X-Envelope-From: MAILER-DAEMON  Thu Nov 28 16:00:01 2024$CR" \
	"CRLF+From: X-Envelope-From line ends in CRLF"
ok "CRLF+From: rest byte for byte" same_after 2 "$f" crlff-rest.eml
