#!/usr/bin/env bash
# 1000: `backstop sendmail` in front of a recording fake sendmail: the
# key is made on first use (0600), a message without a Message-ID gets a
# signed one and is otherwise passed on byte for byte, a client's own
# Message-ID is kept, options and recipients pass through, the exit
# status is the real sendmail's, the sent log records only what was
# accepted, and a key that others can read is refused (naming the fix)
# without losing the message.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
. "$TESTS_DIR/lib-send.sh"
plan 40
mkhome
mksend </dev/null

# First use: a signed Message-ID is added, the key is made.
make_outgoing > plain.eml
send plain.eml -i bob@example.net
is "$SRC" 0 "first send: exit 0"
is "$SERR" "" "first send: nothing on stderr"
is "$(mode "$KEY")" 600 "the key is made with mode 0600"
is "$(grep -vc '^#' "$KEY")" 1 "it holds one key"
is "$(fake_argv)" "-oi -i bob@example.net" "the real sendmail gets [send] sendmail's words, then our options and recipients"
id=$(sent_id)
like "$id" '^bs1\.0\.[0-9a-f]{8}\.[0-9a-f]{16}\.[0-9a-f]{20}@example\.org$' "a signed Message-ID in the From: domain"
like "$(head -n 1 "$FAKE_DIR/msg")" '^Message-ID: <bs1\.' "the Message-ID is the added first line"
ok "the rest of the message is byte for byte the input" same_after 1 "$FAKE_DIR/msg" plain.eml
is "$(log_lines)" 1 "the sent log has one line"
is "$(cut -f2- "$SENT_LOG")" "$(printf '%s\tbob@example.net' "$id")" "it records the id and the recipient"
like "$(cut -f1 "$SENT_LOG")" '^[0-9]{10}$' "and the time"
is "$(mode "$SENT_LOG")" 600 "the sent log is mode 0600"

# A second message: a different id, the same key.
key_before=$(cat "$KEY")
send plain.eml bob@example.net
isnt "$(sent_id)" "$id" "a second message gets another id"
is "$(cat "$KEY")" "$key_before" "the key is reused"

# The client's own Message-ID is kept, the message untouched, and logged.
make_outgoing own-1000@laptop.example.org > own.eml
send own.eml -t
is "$SRC" 0 "own Message-ID, -t: exit 0"
ok "own Message-ID: passed on unchanged" cmp -s "$FAKE_DIR/msg" own.eml
is "$(fake_argv)" "-oi -t" "-t is passed on"
is "$(tail -n 1 "$SENT_LOG" | cut -f2-)" "$(printf 'own-1000@laptop.example.org\tbob@example.net,carol@example.com')" "-t: the To and Cc recipients are logged with the client's id"

# CRLF input: the added line ends in CRLF too.
make_outgoing | to_crlf > crlf.eml
send crlf.eml bob@example.net
is "$(head -n 1 "$FAKE_DIR/msg" | tail -c 2 | od -An -tx1 | tr -d ' ')" 0d0a "CRLF message: the added line ends in CRLF"
ok "CRLF message: the rest is unchanged" same_after 1 "$FAKE_DIR/msg" crlf.eml

# The real sendmail's exit status passes through; a failure records nothing.
lines=$(log_lines)
fake_status 75
send plain.eml bob@example.net
is "$SRC" 75 "real sendmail exits 75: so do we"
is "$(log_lines)" "$lines" "exit 75: nothing recorded"
fake_status 1
send plain.eml bob@example.net
is "$SRC" 1 "real sendmail exits 1: so do we"
is "$(log_lines)" "$lines" "exit 1: nothing recorded"
fake_status 0

# Modes that send no message run the real sendmail untouched.
runs=$(fake_runs)
echo "unused input" > input.txt
send input.txt -bv bob@example.net
is "$(fake_argv)" "-oi -bv bob@example.net" "-bv: passed on"
is "$(cat "$FAKE_DIR/msg")" "unused input" "-bv: standard input is left to the real sendmail"
is "$(log_lines)" "$lines" "-bv: nothing recorded"

# A key that others can read is refused, like ssh does; the mail still goes.
chmod 644 "$KEY"
send plain.eml bob@example.net
is "$SRC" 0 "group/world-readable key: the message is still sent (exit 0)"
like "$SERR" "permissions 0644 are too open" "the refusal says why"
like "$SERR" "chmod 600 $(ere_quote "$KEY")" "and names the fix"
ok "the message is passed on unsigned, byte for byte" cmp -s "$FAKE_DIR/msg" plain.eml
is "$(mode "$KEY")" 644 "the key file is left as it was"
chmod 600 "$KEY"

# A bad value costs that key only: the message is still sent, through the
# real sendmail the file names, and the mistake is said on stderr.
rm -f "$FAKE_DIR/msg"
{ printf '[send]\nsendmail = %s -oi\nkey_days = lots\n' "$FAKE"; } | write_config
send plain.eml bob@example.net
is "$SRC" 0 "bad value: exit 0"
like "$SERR" "\[send\] key_days = 'lots' is not allowed: use whole days, 1 to 365; using the default, 30" "bad value: said on stderr"
ok "bad value: sent through the sendmail the file names" test -s "$FAKE_DIR/msg"

# A real sendmail that does not exist: its failure is ours.
printf '[send]\nsendmail = %s/no-such-sendmail\n' "$WORKDIR" | write_config
send plain.eml bob@example.net
is "$SRC" 127 "missing real sendmail: exit 127"
like "$SERR" "no-such-sendmail" "missing real sendmail: named on stderr"

# [send] sendmail pointing back at backstop sendmail is caught, not looped.
printf '[send]\nsendmail = %s sendmail\n' "$BACKSTOP" | write_config
runs=$(fake_runs)
send plain.eml bob@example.net
isnt "$SRC" 0 "sendmail = backstop sendmail: fails instead of looping"
like "$SERR" "runs backstop sendmail again" "and says so"
send_config </dev/null

# Nothing of the message reaches a shell: a recipient full of shell syntax
# is one argv word.
send plain.eml 'x;touch pwned@example.net'
is "$(tail -n 1 "$FAKE_DIR/argv")" 'x;touch pwned@example.net' "a recipient with shell syntax is passed as one word"
