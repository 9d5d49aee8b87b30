#!/usr/bin/env bash
# Installs the system packages the tests need (Debian): Chromium for the browser tests and the
# CJK fonts it renders Chinese with. Without root it only says what is missing.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
command -v soffice >/dev/null || missing+=(libreoffice-writer-nogui)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "安装测试所需的系统软件包：${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "缺少系统软件包：${missing[*]}。请以管理员身份运行：apt-get install ${missing[*]}" >&2
  exit 1
fi
