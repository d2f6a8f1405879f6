#!/usr/bin/env bash
# 0420: `backstop config check [-c FILE]` lints the config file: one line
# per finding ("FILE:LINE: error|warning: text"); exit 0 without errors,
# 1 with errors, 64 on a usage error.
. "${TESTS_DIR:-$(dirname "$0")/..}/lib.sh"
plan 26
mkhome
add_sent sent-0420@example.org
CFG=$XDG_CONFIG_HOME/backstop/config.ini

# cc [ARG...]: run config check; sets RC and OUT (stdout+stderr).
cc() {
	OUT=$("$BACKSTOP" config check "$@" 2>&1)
	RC=$?
}

# No file: defaults, nothing wrong.
cc
is "$RC" 0 "no file: exit 0"
like "$OUT" "no config file; the built-in defaults apply" "no file: says the defaults apply"

# A clean file.
write_config <<'EOF'
[delivery]
unverified = quarantine
[notmuch]
sent_folders = .Sent
EOF
cc
is "$RC" 0 "clean file: exit 0"
is "$OUT" "$CFG: no problems found" "clean file: one line"

# Every kind of mistake.
write_config <<'EOF'
[delivery]
unverified = sometimes
quarantin = ~/Maildir/.Q
maildir = ~/Mail#2
[notmuch]
quarantine_tags = +backscatter;-inbox;-unread
sent_folders = .Sent; Outbox
[flood]
rate = lots
EOF
cc
is "$RC" 1 "mistakes: exit 1"
like "$OUT" "^$CFG:2: error: \[delivery\] unverified = 'sometimes' is not allowed: use quarantine or inbox; using the default, quarantine\$" "bad value: an error with its line"
like "$OUT" "^$CFG:3: warning: unknown key \[delivery\] quarantin ignored; did you mean \[delivery\] quarantine\?\$" "unknown key: a warning naming the nearest key"
like "$OUT" "^$CFG:4: error: \[delivery\] maildir = ~/Mail#2: the INI syntax cuts the value at '#'" "cut value: an error"
unlike "$OUT" "quarantine_tags" "';' list: read whole, nothing to report"
like "$OUT" "^$CFG: warning: \[notmuch\] sent_folders: notmuch has no mail in a folder Outbox" "a sent folder notmuch does not know"
unlike "$OUT" "folder \.Sent " "a sent folder notmuch knows: nothing"
like "$OUT" "^$CFG:9: error: \[flood\] rate = 'lots'" "bad number: an error"
first=$(printf '%s\n' "$OUT" | head -n 1)
like "$first" ":2: " "findings in file order"

# Paths: a missing notmuch config, a quarantine outside the Maildir, a
# Maildir that does not exist yet, a [log] file in a missing directory.
write_config <<'EOF'
[delivery]
maildir = ~/NotYet
quarantine = ~/Elsewhere/.Q
[notmuch]
config = ~/no-such-notmuch-config
[log]
file = ~/no/dir/backstop.log
EOF
cc
is "$RC" 1 "paths: exit 1"
like "$OUT" "warning: \[delivery\] maildir $HOME/NotYet does not exist; the first delivery creates it" "missing Maildir: a warning"
like "$OUT" "warning: \[delivery\] quarantine $HOME/Elsewhere/.Q is outside the Maildir $HOME/NotYet" "quarantine outside the Maildir: a warning"
like "$OUT" "error: \[notmuch\] config $HOME/no-such-notmuch-config: No such file or directory" "missing notmuch config: an error"
like "$OUT" "error: \[log\] file $HOME/no/dir/backstop.log: cannot create files in $HOME/no/dir" "[log] file in a missing directory: an error"

# A signing key others can read.
rm -f "$CFG"
mkdir -p "$XDG_CONFIG_HOME/backstop"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$XDG_CONFIG_HOME/backstop/key"
chmod 644 "$XDG_CONFIG_HOME/backstop/key"
cc
is "$RC" 1 "readable key: exit 1"
like "$OUT" "error: the signing key $XDG_CONFIG_HOME/backstop/key can be read by others \(mode 644\): chmod 600" "readable key: an error with the fix"
chmod 600 "$XDG_CONFIG_HOME/backstop/key"

# A file iniparser cannot parse: the whole file is ignored.
write_config <<'EOF'
[delivery]
quarantine : ~/Maildir/.Q
EOF
cc
is "$RC" 1 "syntax error: exit 1"
like "$OUT" "the whole file is ignored: mail is delivered to the inbox unchecked" "syntax error: says what it means for mail"

# -c FILE, and usage errors.
write_config "$WORKDIR/other.ini" <<'EOF'
[delivery]
header = maybe
EOF
cc -c "$WORKDIR/other.ini"
like "$OUT" "^$WORKDIR/other.ini:2: error: \[delivery\] header = 'maybe'" "-c FILE is checked"
"$BACKSTOP" config frob > /dev/null 2>&1
is "$?" 64 "config frob: usage error, exit 64"

# No sent mail at all: one warning for the default sent folders, not two.
mkhome
cc
is "$RC" 0 "no sent mail: only a warning, exit 0"
like "$OUT" "warning: \[notmuch\] sent_folders: notmuch has no mail in the default sent folders \(\.Sent, Sent\)" "no sent mail: one warning naming both defaults"
