#!/usr/bin/env bash
# 桃花山镇小学 2010 年第三季度：在座谈会（taohuashan.sh）之后，一个季度的会议、答复和整改台账。
# 用法：先运行 taohuashan.sh，再 DANGQUN_DB=同一文件 DANGQUN_TODAY=2010-10-08 bash examples/quarter_2010q3.sh
# 九月只开了一次联席会议（制度要求每月不少于两次），总结里会报未达标。
set -euo pipefail

# 制度要求：新数据库没有预设的要求，由本校选用——学校实行党政工团联席会议制度（全校合计，
# 每月不少于 2 次），学校党支部执行“三会一课”（dangqun rule preset list 查看各方案的要求）
dangqun rule preset apply 联席会议制度 >/dev/null
dangqun rule preset apply 三会一课 --unit 学校党支部 >/dev/null

meeting() { dangqun meeting add --unit 学校党支部 --host 王书记 --recorder 学校办公室 "$@" >/dev/null; }

# 党政工团联席会议（联席会议制度：每月不少于 2 次）——九月只开了一次
meeting --kind 联席会议 --title "研究暑期安全工作" --date "2010年7月5日下午3点" --place 校会议室 \
  --attendee 学校党支部 --attendee 学校工会 --attendee 教务处 --expected 8 --present 8
meeting --kind 联席会议 --title "研究新学期教师安排" --date "2010年7月20日上午9点" --place 校会议室 \
  --attendee 学校党支部 --attendee 学校工会 --attendee 教务处 --expected 8 --present 7
meeting --kind 联席会议 --title "研究开学准备工作" --date "2010年8月3日上午9点" --place 校会议室 \
  --attendee 学校党支部 --attendee 学校工会 --attendee 总务处 --expected 8 --present 8
meeting --kind 联席会议 --title "部署党群共建创先争优活动" --date "2010年8月24日下午3点" --place 校会议室 \
  --attendee 学校党支部 --attendee 学校工会 --attendee 教务处 --expected 8 --present 6
meeting --kind 联席会议 --title "研究座谈会意见的整改分工" --date "2010年9月8日下午4点" --place 校会议室 \
  --attendee 学校党支部 --attendee 学校工会 --attendee 教务处 --attendee 总务处 --expected 8 --present 8 \
  --decision "座谈会提出的意见逐条落实到责任部门和责任人"

# 三会一课：支委会、党小组会每月一次；支部党员大会、党课每季度一次
# 每月的支委会只有主题、时间和实到人数不同：记成会议模板，每次只写不同的项
dangqun meeting template add 支委会 --kind 支委会 --unit 学校党支部 --host 王书记 \
  --recorder 学校办公室 --expected 5 >/dev/null
committee() { dangqun meeting add --template 支委会 "$@" >/dev/null; }
committee --title "七月支委会" --date "2010年7月2日下午" --present 5
committee --title "八月支委会" --date "2010年8月2日下午" --present 4
committee --title "九月支委会" --date "2010年9月1日下午" --present 5
meeting --kind 党小组会 --title "学习《国家中长期教育改革和发展规划纲要》" --date "2010年7月9日下午" \
  --expected 12 --present 11
meeting --kind 党小组会 --title "党员承诺践诺" --date "2010年8月13日下午" --expected 12 --present 12
meeting --kind 党小组会 --title "讨论座谈会意见" --date "2010年9月10日下午" --expected 12 --present 10
meeting --kind 支部党员大会 --title "纪念建党89周年暨创先争优动员大会" --date "2010年7月1日上午" \
  --expected 24 --present 22
meeting --kind 党课 --title "强国必先强教——学习全国教育工作会议精神" --date "2010年8月27日下午" \
  --expected 24 --present 23

# 座谈会意见的处理：3 条答复，6 条不予采纳，其余转为整改事项
dangqun opinion reply 3 "评优评先、职称推荐方案已在校务公开栏公示，接受教职工监督" --date 2010-09-10
dangqun opinion decline 6 --reason "教师考核评价方案须经教代会讨论，本学期暂不调整" --date 2010-09-10

item() { dangqun rectify add --date 2010-09-08 "$@"; }
a=$(item --from-opinion 1 --problem "校务公开不及时，重大事项决策前征求教职工意见不够" \
      --measures "每月更新校务公开栏；重大事项提交教代会讨论" --unit 学校党支部 --owner 王书记 \
      --leader 李为容校长 --due 2010-10-31)
b=$(item --from-opinion 2 --problem "教研活动流于形式，教学常规管理不到位" \
      --measures "制定教研活动计划，每两周集中教研一次" --unit 教务处 --owner 张主任 \
      --leader 李为容校长 --due 2010-09-20)
c=$(item --from-opinion 4 --problem "关心青年教师成长，丰富教职工文体活动" \
      --measures "每月组织一次教职工文体活动" --unit 学校工会 --owner 刘主席 --ongoing)
d=$(item --from-opinion 5 --problem "检查、表格和会议过多，教师负担重" \
      --measures "清理各类检查和表格，合并同类会议" --unit 教务处 --owner 张主任 --due 2010-09-30)

dangqun rectify note "$a" "支委会研究了校务公开方案，公开栏已更新" --date 2010-09-12
dangqun rectify submit "$a" --result "校务公开栏每月更新，重大事项已提交教代会讨论" \
  --evidence "公开栏照片、教代会记录" --date 2010-09-25
dangqun rectify verify "$a" --by 李为容 --date 2010-09-28
# 公开栏的照片存进台账，作为事项 a 的佐证材料（rectify attachment save 编号 --output 文件 取回）
dangqun rectify attach "$a" "$(dirname "$0")/公示栏-2010年9月.svg" >/dev/null
dangqun rectify note "$b" "已制定教研活动计划草案" --date 2010-09-14
dangqun rectify note "$c" "九月组织了教职工篮球赛" --date 2010-09-20
dangqun rectify note "$d" "已清理各类表格十二种" --date 2010-09-16
dangqun rectify extend "$d" --to 2010-10-31 --reason "会议合并方案须经行政会研究" --date 2010-09-28
