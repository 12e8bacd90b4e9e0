#!/usr/bin/env bash
# 演示：在一个新的 SQLite 数据库中录入桃花山镇小学座谈会和 2010 年第三季度的工作，
# 打印座谈会的会议记录和第三季度工作总结；再在另一个数据库中录入只实行联席会议制度的
# 龙都街道（2023 年第四季度），打印其会议制度检查。
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
# 另一例：只实行联席会议制度的街道党工委，检查只看联席会议。
street_db="$(mktemp -d)/longdu.db"
echo "另一例：龙都街道党工委只套用“联席会议制度”（2023 年第四季度，“今天”为 2023 年 12 月 5 日）"
DANGQUN_DB="$street_db" DANGQUN_TODAY=2023-12-05 bash "$here/longdu_2023q4.sh"
DANGQUN_DB="$street_db" DANGQUN_TODAY=2023-12-05 dangqun check 2023Q4
echo
echo "演示数据库：$DANGQUN_DB（“今天”为 $DANGQUN_TODAY）；龙都街道：$street_db"
echo "继续查看：export DANGQUN_DB=$DANGQUN_DB DANGQUN_TODAY=$DANGQUN_TODAY; dangqun status; dangqun rectify list; dangqun log"
