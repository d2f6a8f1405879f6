# testdata/scenarios/weigh-lib.sh: helpers for the scenario cases about
# weighing evidence (items 3, 7, 11, 12 of issue 11).  Sourced by a
# case.sh; tests/lib.sh is loaded and mkhome has run.

# days_ago N: an RFC 5322 date N days (may be fractional: hours/24) ago.
days_ago() {
	date -R -d "@$(awk -v n="$1" -v now="$(date +%s)" 'BEGIN { printf "%d", now - n * 86400 }')"
}

# sent_to ID TO [DAYS_AGO [SUBJECT]]: alice's sent copy of a message to
# TO, dated DAYS_AGO (default 1) days ago, with SUBJECT (default "note N"),
# in ~/Maildir/.Sent, indexed, tagged sent.
sent_to() {
	local dir=$MAILDIR/.Sent f
	mkdir -p "$dir/cur" "$dir/new" "$dir/tmp"
	_msgno=$((_msgno + 1))
	f=$dir/cur/$(date +%s).M$_msgno.sent:2,S
	printf 'From: Alice Example <alice@example.org>\nTo: %s\nSubject: %s\nDate: %s\nMessage-ID: <%s>\n\nhello\n' \
	    "$2" "${4:-note $_msgno}" "$(days_ago "${3:-1}")" "$1" > "$f"
	nm new --quiet >/dev/null
	nm tag +sent -- "id:$1"
}

# indexed_sent N: N sent copies, all indexed: notmuch's coverage of the
# user's sent mail measures 100 %.
indexed_sent() {
	local i
	for ((i = 1; i <= $1; i++)); do
		sent_to "cov-$i-$RANDOM@example.org" "friend$i@else.example" 2
	done
}

# remote_dsn ID: a Postfix DSN written by $DSN_MTA (default
# mx.remote.example) about $RCPT (default bob@remote.example), dated
# $DSN_DATE (default now), Arrival-Date $ARRIVAL (default an hour ago),
# returning the original whose header block is on stdin (its body added).
remote_dsn() {
	local mta=${DSN_MTA:-mx.remote.example} rcpt=${RCPT:-bob@remote.example}
	local b=4Y1Q2R3S4T.1764000000/$mta
	cat <<EOM
Return-Path: <>
Delivered-To: alice@example.org
Received: from $mta ($mta [203.0.113.5])
	by mx.example.org (Postfix) with ESMTPS id 4Y1ZZ
	for <alice@example.org>; ${DSN_DATE:-$(date -R)}
Date: ${DSN_DATE:-$(date -R)}
From: MAILER-DAEMON@$mta (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: alice@example.org
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="$b"
Message-Id: <20260101000000.4Y1Q2R3S4T.$1@$mta>

This is a MIME-encapsulated message.

--$b
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host $mta.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

<$rcpt>: cannot update mailbox /var/mail/bob for user bob. error writing
    message: File too large

--$b
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; $mta
X-Postfix-Queue-ID: 4Y1Q2R3S4T
X-Postfix-Sender: rfc822; alice@example.org
Arrival-Date: ${ARRIVAL:-$(days_ago 0.04)}

Final-Recipient: rfc822; $rcpt
Original-Recipient: rfc822;$rcpt
Action: failed
Status: 5.2.2
Diagnostic-Code: x-unix; mailbox full

--$b
Content-Description: Undelivered Message
Content-Type: message/rfc822

EOM
	cat
	printf '\nSee you on Friday.\n\n--%s--\n' "$b"
}
