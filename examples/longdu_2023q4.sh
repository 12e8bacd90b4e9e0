#!/usr/bin/env bash
# 龙都街道 2023 年第四季度：一个只实行联席会议制度（每月不少于 2 次）的街道党工委。
# 用法：DANGQUN_DB=新文件 DANGQUN_TODAY=2023-12-05 bash examples/longdu_2023q4.sh
#       然后 dangqun check 2023Q4、dangqun summary generate 2023Q4
# 街道不开“三会一课”，所以只套用“联席会议制度”：检查只看联席会议，十月、十一月各开两次，
# 十二月还没开（“今天”是 12 月 5 日，本月尚未结束）。
set -euo pipefail

dangqun unit add 龙都街道党工委 --kind 党委 >/dev/null
dangqun unit add 东风社区党委 --kind 党委 --parent 龙都街道党工委 >/dev/null
dangqun unit add 西湖社区党委 --kind 党委 --parent 龙都街道党工委 >/dev/null

dangqun rule preset apply 联席会议制度 >/dev/null

joint() {
  dangqun meeting add --kind 联席会议 --unit 龙都街道党工委 --host 街道党工委书记 --recorder 党建办 \
    --place 街道党群服务中心 --attendee 东风社区党委 --attendee 西湖社区党委 "$@" >/dev/null
}
joint --title "部署第四季度党建共建工作" --date "2023年10月10日上午9点" --expected 12 --present 12
joint --title "研究老旧小区加装电梯" --date "2023年10月24日下午3点" --expected 12 --present 11
joint --title "研究冬季供暖保障" --date "2023年11月7日上午9点" --expected 12 --present 12
joint --title "听取各社区意见建议办理情况" --date "2023年11月21日下午3点" --expected 12 --present 10
