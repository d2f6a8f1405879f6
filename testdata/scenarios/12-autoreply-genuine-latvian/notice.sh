# shellcheck shell=bash
# An Exchange out-of-office reply in Latvian with no RFC 3834 header
# (issue 12): the translated "Automatic reply:" and Exchange's marks.
latvian_message() {
	cat <<MSG
Return-Path: <janis@corp.example.net>
From: Janis <janis@corp.example.net>
To: alice@example.org
Subject: =?UTF-8?Q?Autom=C4=81tisk=C4=81_atbilde:_lunch?=
Date: Thu, 28 Nov 2024 16:00:00 +0000
Message-ID: <oof-12@corp.example.net>
In-Reply-To: <$1>
Auto-Submitted: auto-generated
X-Auto-Response-Suppress: All
X-MS-Exchange-Inbox-Rules-Loop: janis@corp.example.net
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Esmu atvaļinājumā līdz 15. decembrim.
MSG
}
