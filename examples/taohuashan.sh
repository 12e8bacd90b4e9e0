#!/usr/bin/env bash
# 桃花山镇小学党群共建创先争优座谈会（2010年9月6日下午）——按原始记录逐条录入。
# 用法：DANGQUN_DB=某文件 bash examples/taohuashan.sh    （最后一行输出会议编号）
# 需要 PATH 中有 dangqun。每条命令各自是一个事务；任何一步出错，脚本立即停止。
set -euo pipefail

dangqun unit add 桃花山镇小学 --kind 行政 >/dev/null
dangqun unit add 学校党支部 --kind 党组织 --parent 桃花山镇小学 >/dev/null
dangqun unit add 学校工会 --kind 工会 --parent 桃花山镇小学 >/dev/null
dangqun unit add 教务处 --kind 行政 --parent 桃花山镇小学 >/dev/null
dangqun unit add 总务处 --kind 行政 --parent 桃花山镇小学 >/dev/null

minutes='李为容校长主持会议，首先代表领导班子向全体教职工表示节日的祝贺。

李校长解读了胡总书记和温总理在全国教育工作会议上讲话要点，简要介绍了《国家中长期教育改革和发展规划纲要》颁布的重大意义：强国必先强教，教育既是国计，又是民生。必须把学生健康成长作为学校一切工作的出发点和落脚点。

李校长结合正在开展的党群共建创先争优活动提出会议主题：围绕学校教育事业科学发展这个中心，指出学校班子及其成员在作风、管理等方面的主要问题，并就下一步工作提出建设性意见。

会上气氛热烈，与会人员踊跃发言，就加强民主管理、教学管理，如何尊重教师，建设和谐校园，减轻教师和学生的负担，向科学化管理要质量等方面提出了很多中肯的意见和建设性的建议。会议历时两个多小时。

最后，李校长总结发言：一定要重视大家提出的意见和建议，对提出的问题进行认真整改；要坚持把竭诚服务师生作为工作的出发点和落脚点，认真听取师生的呼声，维护师生的合法权益。'

mid=$(dangqun meeting add \
  --kind 座谈会 \
  --title "桃花山镇小学党群共建创先争优座谈会" \
  --date "2010年9月6日下午" \
  --place "校办公室三楼会议室" \
  --unit 桃花山镇小学 \
  --host "李为容校长" \
  --recorder "学校办公室" \
  --attendee 老教师代表 --attendee 中年教师代表 --attendee 青年教师代表 \
  --attendee 学科教师代表 --attendee 学校领导 \
  --minutes "$minutes" \
  --decision "重视与会教师提出的意见和建议，对提出的问题逐条进行认真整改" \
  --decision "坚持把竭诚服务师生作为工作的出发点和落脚点，千方百计帮助师生解决困难和问题")

opinion() { dangqun opinion add --meeting "$mid" "$@" >/dev/null; }
opinion --topic 民主管理 --by 老教师代表 \
  "学校重大事项决策前应广泛听取教职工意见，坚持校务公开，发挥教代会作用"
opinion --topic 教学管理 --by 学科教师代表 \
  "加强教学常规管理，教研活动要有计划、有步骤地开展，避免流于形式"
opinion --topic 尊重教师 --by 中年教师代表 \
  "领导班子要尊重教师的劳动和意见，评优评先、职称推荐要公开透明"
opinion --topic 和谐校园 --by 青年教师代表 \
  "多开展教职工文体活动，关心青年教师的生活和成长，建设和谐校园"
opinion --topic 减负 --by 青年教师代表 \
  "精简各类检查、表格和会议，减轻教师和学生过重的负担"
opinion --topic 科学化管理 --by 学校领导 \
  "向科学化管理要质量，完善教师考核评价办法，考核结果与评优晋级挂钩"

echo "$mid"
