#!/usr/bin/env bash
# 演示：在一个新的 SQLite 数据库中录入桃花山镇小学座谈会，并打印会议记录。
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export DANGQUN_DB="${DANGQUN_DB:-$(mktemp -d)/demo.db}"
export DANGQUN_USER="${DANGQUN_USER:-演示秘书}"
mid=$(bash "$here/taohuashan.sh")
dangqun meeting show "$mid"
echo
dangqun opinion list --meeting "$mid"
echo
echo "演示数据库：$DANGQUN_DB"
echo "继续查看：export DANGQUN_DB=$DANGQUN_DB; dangqun meeting list; dangqun log"
