#!/usr/bin/env bash
# 演示：在一个新的 SQLite 数据库中录入桃花山镇小学座谈会和 2010 年第三季度的工作，
# 打印座谈会的会议记录和第三季度工作总结。
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export DANGQUN_DB="${DANGQUN_DB:-$(mktemp -d)/demo.db}"
export DANGQUN_USER="${DANGQUN_USER:-演示秘书}"
export DANGQUN_TODAY="${DANGQUN_TODAY:-2010-10-08}"
mid=$(bash "$here/taohuashan.sh")
bash "$here/quarter_2010q3.sh"
dangqun meeting show "$mid"
echo
dangqun summary generate 2010Q3
echo
echo "演示数据库：$DANGQUN_DB（“今天”为 $DANGQUN_TODAY）"
echo "继续查看：export DANGQUN_DB=$DANGQUN_DB DANGQUN_TODAY=$DANGQUN_TODAY; dangqun status; dangqun rectify list; dangqun log"
