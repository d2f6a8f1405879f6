# tests/lib-sent.sh: the user's sent mail as mail clients and IMAP
# servers leave it on disk, for the scenario cases (sourced after
# tests/lib.sh).

_copyno=0

# put_copy FOLDER [index]: stdin as a message file in $MAILDIR/FOLDER/cur
# (FOLDER may be nested, "[Gmail]/Sent Mail", or Maildir++, ".Sent"),
# named as delivered now, so it is inside backstop's look at sent folders
# on disk.  With "index", notmuch new indexes it; else it is not indexed
# yet (the client wrote it a second ago).
put_copy() {
	local dir=$MAILDIR${1:+/$1} f
	mkdir -p "$dir/cur" "$dir/new" "$dir/tmp"
	_copyno=$((_copyno + 1))
	f="$dir/cur/$(date +%s).M${_copyno}P$$.host:2,S"
	cat > "$f"
	if [ "${2:-}" = index ]; then
		nm new --quiet >/dev/null || diag "notmuch new failed"
	fi
}

# sent_copy MSGID [FROM] [SUBJECT] [DATE] [TO]: the copy a client keeps of
# the message that make_bounce and make_exim_bounce quote (by default the
# same From, To, Subject and Date), as Thunderbird writes it, with the
# Received: lines given on stdin on top (use < /dev/null for none).
sent_copy() {
	local id=$1 from=${2:-Alice Example <alice@example.org>}
	local subject=${3:-Re: invoice} date=${4:-Thu, 28 Nov 2024 15:58:00 +0000}
	local to=${5:-nobody@example.net}
	cat
	printf 'Message-ID: <%s>\nDate: %s\nMIME-Version: 1.0\n' "$id" "$date"
	printf 'User-Agent: Mozilla Thunderbird\nContent-Language: en-GB\n'
	printf 'From: %s\nTo: %s\nSubject: %s\n' "$from" "$to" "$subject"
	printf 'Content-Type: text/plain; charset=UTF-8; format=flowed\n'
	printf 'Content-Transfer-Encoding: 7bit\n\nPlease find the invoice attached.\n'
}

# inbound_hops: the Received: lines of a message that reached the user's
# MX from a stranger's machine (Postfix at the MX, Dovecot LMTP above).
inbound_hops() {
	printf 'Received: from mx.example.org\n\tby imap.example.org with LMTP\n'
	printf '\tid 8Kk2Nb2UR2cBKgAAqH1mXA\n\t(envelope-from <alice@example.org>)\n'
	printf '\tfor <alice@example.org>; Thu, 28 Nov 2024 15:58:04 +0000\n'
	printf 'Received: from bot-17.dyn.example.net (bot-17.dyn.example.net [198.51.100.17])\n'
	printf '\tby mx.example.org (Postfix) with ESMTP id 4Y0Q1R2S3Z\n'
	printf '\tfor <alice@example.org>; Thu, 28 Nov 2024 15:58:03 +0000 (UTC)\n'
}

# gmail_submission_hop: the Received: line Gmail keeps on a message sent
# through smtp.gmail.com.
gmail_submission_hop() {
	printf 'Received: from [192.168.1.20] (host-203-0-113-5.isp.example. [203.0.113.5])\n'
	printf '        by smtp.gmail.com with ESMTPSA id x12sm345678wrt.12.2024.11.28.07.58.59\n'
	printf '        for <nobody@example.net>\n'
	printf '        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);\n'
	printf '        Thu, 28 Nov 2024 07:58:59 -0800 (PST)\n'
}

# postfix_dsn_of RCPT: a Postfix 3.7 DSN to alice@example.org, reporting
# RCPT as failed, returning the message on stdin (headers and body) as
# message/rfc822.
postfix_dsn_of() {
	local rcpt=$1 b='4Y0Q1R2S3U.1732809601/mx.example.org'
	_copyno=$((_copyno + 1))
	printf 'Return-Path: <>\nX-Original-To: alice@example.org\nDelivered-To: alice@example.org\n'
	printf 'Received: by mx.example.org (Postfix)\n\tid 4Y0Q1R2S3U; Thu, 28 Nov 2024 16:00:01 +0000 (UTC)\n'
	printf 'Date: Thu, 28 Nov 2024 16:00:01 +0000 (UTC)\n'
	printf 'From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n'
	printf 'Subject: Undelivered Mail Returned to Sender\nTo: alice@example.org\n'
	printf 'Auto-Submitted: auto-replied\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/report; report-type=delivery-status;\n\tboundary="%s"\n' "$b"
	printf 'Content-Transfer-Encoding: 8bit\n'
	printf 'Message-Id: <20241128160001.4Y0Q1R2S3U.%s@mx.example.org>\n\n' "$_copyno"
	printf 'This is a MIME-encapsulated message.\n\n--%s\n' "$b"
	printf 'Content-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n'
	printf 'This is the mail system at host mx.example.org.\n\n'
	printf "I'm sorry to have to inform you that your message could not\n"
	printf 'be delivered to one or more recipients. It'"'"'s attached below.\n\n'
	printf '                   The mail system\n\n'
	printf '<%s>: host mx.example.net[192.0.2.25] said: 550 5.1.1\n' "$rcpt"
	printf '    <%s>: Recipient address rejected: User unknown (in reply to RCPT TO\n    command)\n\n' "$rcpt"
	printf -- '--%s\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n' "$b"
	printf 'Reporting-MTA: dns; mx.example.org\nX-Postfix-Queue-ID: 4Y0Q1R2S3U\n'
	printf 'X-Postfix-Sender: rfc822; alice@example.org\n'
	printf 'Arrival-Date: Thu, 28 Nov 2024 15:58:00 +0000 (UTC)\n\n'
	printf 'Final-Recipient: rfc822; %s\nOriginal-Recipient: rfc822;%s\n' "$rcpt" "$rcpt"
	printf 'Action: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.example.net\n'
	printf 'Diagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address rejected: User unknown\n\n' "$rcpt"
	printf -- '--%s\nContent-Description: Undelivered Message\nContent-Type: message/rfc822\n' "$b"
	printf 'Content-Transfer-Encoding: 8bit\n\n'
	cat
	printf '\n--%s--\n' "$b"
}

# o365_ndr_of RCPT: an Exchange Online non-delivery report to
# alice@example.org for RCPT, returning the message on stdin (its
# headers, as Exchange does for a large message) as text/rfc822-headers.
o365_ndr_of() {
	local rcpt=$1 b='_000_AM0PR01MB1234D2C1B0A9E8F7AM0PR01MB1234eurp_'
	printf 'Received: from EUR05-AM6-obe.outbound.protection.outlook.com (mail-am6eur05on2101.outbound.protection.outlook.com [40.107.22.101])\n'
	printf '\tby mx.example.org (Postfix) with ESMTPS id 4Y0Q1R2S3V\n\tfor <alice@example.org>; Thu, 28 Nov 2024 15:58:06 +0000 (UTC)\n'
	printf 'From: Microsoft Outlook\n <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@eurprd01.prod.exchangelabs.com>\n'
	printf 'To: <alice@example.org>\nDate: Thu, 28 Nov 2024 15:58:05 +0000\n'
	printf 'Subject: Undeliverable: Re: invoice\n'
	printf 'Content-Type: multipart/report; report-type=delivery-status;\n\tboundary="%s"\n' "$b"
	printf 'MIME-Version: 1.0\nAuto-Submitted: auto-replied\nX-MS-Exchange-Message-Is-Ndr:\n'
	printf 'Message-ID: <a1b2c3d4-0000-4000-8000-5e6f7a8b9c0d@AM0PR01MB1234.eurprd01.prod.exchangelabs.com>\n\n'
	printf -- '--%s\nContent-Type: text/plain; charset="us-ascii"\nContent-Transfer-Encoding: 7bit\n\n' "$b"
	printf 'Your message to %s couldn'"'"'t be delivered.\n' "$rcpt"
	printf '%s wasn'"'"'t found at example.net.\n\nalice    Office 365    %s\nAction Required\n\n' "${rcpt%@*}" "${rcpt%@*}"
	printf 'Unknown To address\n\n'
	printf -- '--%s\nContent-Type: message/delivery-status\n\n' "$b"
	printf 'Reporting-MTA: dns;AM0PR01MB1234.eurprd01.prod.exchangelabs.com\n'
	printf 'Received-From-MTA: dns;AM0PR01MB5678.eurprd01.prod.exchangelabs.com\n'
	printf 'Arrival-Date: Thu, 28 Nov 2024 15:58:01 +0000\n\n'
	printf 'Final-Recipient: rfc822;%s\nAction: failed\nStatus: 5.1.10\n' "$rcpt"
	printf 'Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup\n'
	printf 'Remote-MTA: dns;mx.example.net\n\n'
	printf -- '--%s\nContent-Type: text/rfc822-headers\n\n' "$b"
	sed '/^$/q'
	printf -- '--%s--\n' "$b"
}
