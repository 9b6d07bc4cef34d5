<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AbsenceDialog</name>
    <message>
        <source>休假委托</source>
        <translation>Leave delegation</translation>
    </message>
    <message>
        <source>结束所选委托</source>
        <translation>End the selected stand-in</translation>
    </message>
    <message>
        <source>新的休假委托</source>
        <translation>New leave</translation>
    </message>
    <message>
        <source>开始日期:</source>
        <translation>From:</translation>
    </message>
    <message>
        <source>结束日期(含):</source>
        <translation>To (inclusive):</translation>
    </message>
    <message>
        <source>代理人:</source>
        <translation>Stand-in:</translation>
    </message>
    <message>
        <source>原因:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>如:年休假</source>
        <translation>e.g. annual leave</translation>
    </message>
    <message>
        <source>设置委托</source>
        <translation>Set stand-in</translation>
    </message>
    <message>
        <source>没有可以代您审批的人:代理人须在您的单位持有同级或更高的审批岗位</source>
        <translation>Nobody can stand in for you: a stand-in needs an approval post of your level or higher over your units</translation>
    </message>
    <message>
        <source>已设置:{start} 至 {end} 由 {name} 代您审批</source>
        <translation>Set: {name} approves for you from {start} to {end}</translation>
    </message>
    <message>
        <source>已结束委托,待办回到您的列表</source>
        <translation>Stand-in ended; your to-do items are back on your list</translation>
    </message>
</context>
<context>
    <name>AbsencesModel</name>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>委托关系</source>
        <translation>Stand-in</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>由 {name} 代我审批</source>
        <translation>{name} approves for me</translation>
    </message>
    <message>
        <source>我代他人审批</source>
        <translation>I approve for someone away</translation>
    </message>
    <message>
        <source>已结束</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Past</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
</context>
<context>
    <name>AccessDialog</name>
    <message>
        <source>岗位与单位范围:{username}</source>
        <translation>Roles and unit scope: {username}</translation>
    </message>
    <message>
        <source>授予系统管理员或审计员岗位须另一位管理员批准,请写明理由供其审核</source>
        <translation>Granting the administrator or auditor role needs a second administrator's approval; give the reason for them to review</translation>
    </message>
    <message>
        <source>申请理由:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>岗位:至少选择一个</source>
        <translation>Roles: choose at least one</translation>
    </message>
</context>
<context>
    <name>AccessEditor</name>
    <message>
        <source>岗位</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>单位范围(含下级单位)</source>
        <translation>Unit scope (including subordinate units)</translation>
    </message>
</context>
<context>
    <name>ActivityReports</name>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>录入</source>
        <translation>Entered</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <source>审批</source>
        <translation>Decided</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>业务量(笔)</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>日常业务量</source>
        <translation>Daily operations</translation>
    </message>
    <message>
        <source>登录次数</source>
        <translation>Logins</translation>
    </message>
    <message>
        <source>登录失败</source>
        <translation>Failed logins</translation>
    </message>
    <message>
        <source>活跃用户</source>
        <translation>Active users</translation>
    </message>
    <message>
        <source>每日登录与活跃用户</source>
        <translation>Logins and active users per day</translation>
    </message>
    <message>
        <source>系统使用情况</source>
        <translation>System usage</translation>
    </message>
</context>
<context>
    <name>AdminWindow</name>
    <message>
        <source>系统状态</source>
        <translation>System status</translation>
    </message>
    <message>
        <source>用户管理</source>
        <translation>Users</translation>
    </message>
    <message>
        <source>数据备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>告警</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>公告</source>
        <translation>Announcements</translation>
    </message>
    <message>
        <source>操作日志</source>
        <translation>Operation log</translation>
    </message>
    <message>
        <source>审批规则</source>
        <translation>Approval rules</translation>
    </message>
    <message>
        <source>审批岗位</source>
        <translation>Approval posts</translation>
    </message>
    <message>
        <source>节假日与调休</source>
        <translation>Holidays and working days</translation>
    </message>
    <message>
        <source>断号检查</source>
        <translation>Number gaps</translation>
    </message>
    <message>
        <source>导出权限</source>
        <translation>Export rights</translation>
    </message>
    <message>
        <source>角色权限</source>
        <translation>Roles and permissions</translation>
    </message>
    <message>
        <source>系统参数</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>客户端版本</source>
        <translation>Client versions</translation>
    </message>
    <message>
        <source>常见问题</source>
        <translation>FAQ</translation>
    </message>
    <message>
        <source>问题反馈</source>
        <translation>Problem reports</translation>
    </message>
    <message>
        <source>邮件通知</source>
        <translation>E-mail notifications</translation>
    </message>
    <message>
        <source>基础数据</source>
        <translation>Reference data</translation>
    </message>
    <message>
        <source>期初余额</source>
        <translation>Opening balances</translation>
    </message>
    <message>
        <source>预算指标</source>
        <translation>Budget quotas</translation>
    </message>
    <message>
        <source>结账管理</source>
        <translation>Period close</translation>
    </message>
    <message>
        <source>年结</source>
        <translation>Year-end</translation>
    </message>
    <message>
        <source>双人复核</source>
        <translation>Four-eyes requests</translation>
    </message>
    <message>
        <source>系统管理后台</source>
        <translation>Admin Console</translation>
    </message>
</context>
<context>
    <name>Alerts</name>
    <message>
        <source>多次登录失败</source>
        <translation>Repeated failed logins</translation>
    </message>
    <message>
        <source>账号被锁定</source>
        <translation>Account locked</translation>
    </message>
    <message>
        <source>非工作时间登录</source>
        <translation>Login at night</translation>
    </message>
    <message>
        <source>大批量导出</source>
        <translation>Large export</translation>
    </message>
    <message>
        <source>权限变更</source>
        <translation>Permission change</translation>
    </message>
    <message>
        <source>备份异常</source>
        <translation>Backup problem</translation>
    </message>
    <message>
        <source>动态口令密钥被篡改</source>
        <translation>Authenticator secret tampered with</translation>
    </message>
    <message>
        <source>数据库连接权限过大</source>
        <translation>Database connection over-privileged</translation>
    </message>
    <message>
        <source>新建用户</source>
        <translation>user created</translation>
    </message>
    <message>
        <source>修改角色或数据范围</source>
        <translation>roles or scope changed</translation>
    </message>
    <message>
        <source>重置动态验证码</source>
        <translation>second factor reset</translation>
    </message>
    <message>
        <source>重置密码</source>
        <translation>password reset</translation>
    </message>
    <message>
        <source>启用账号</source>
        <translation>account enabled</translation>
    </message>
    <message>
        <source>新建审批规则</source>
        <translation>approval rule created</translation>
    </message>
    <message>
        <source>修改审批规则</source>
        <translation>approval rule changed</translation>
    </message>
    <message>
        <source>批准双人复核申请</source>
        <translation>four-eyes request approved</translation>
    </message>
    <message>
        <source>修改系统参数</source>
        <translation>parameters changed</translation>
    </message>
    <message>
        <source>删除恢复前保留的旧数据库</source>
        <translation>pre-restore database dropped</translation>
    </message>
    <message>
        <source>{minutes} 分钟内登录失败 {n} 次</source>
        <translation>{n} failed logins within {minutes} minutes</translation>
    </message>
    <message>
        <source>连续 {n} 次登录失败后被锁定</source>
        <translation>Locked after {n} failed logins in a row</translation>
    </message>
    <message>
        <source>账号已被锁定,需管理员解锁</source>
        <translation>Account locked; an administrator must unlock it</translation>
    </message>
    <message>
        <source>{hour} 点登录</source>
        <translation>Logged in at {hour}:00</translation>
    </message>
    <message>
        <source>导出 {rows} 行</source>
        <translation>Exported {rows} rows</translation>
    </message>
    <message>
        <source>数据库中该账号的动态口令密钥不属于它(可能从其他账号复制),登录已拒绝;请核查数据库访问并重置其动态口令</source>
        <translation>The authenticator secret stored for this account is not its own (perhaps copied from another account); the login was refused. Check who can write to the database and reset the account's authenticator</translation>
    </message>
    <message>
        <source>服务器以超级用户/属主角色连接数据库,可绕过操作日志和审批记录的保护;请按 README“数据库角色”改用 countersign_app</source>
        <translation>The server connects to the database as a superuser/owner role and can get around the protection of the operation log and the approval record; switch to countersign_app as README "Database roles" describes</translation>
    </message>
    <message>
        <source>由 {by} 执行:{action}</source>
        <translation>By {by}: {action}</translation>
    </message>
    <message>
        <source>{hours} 小时内没有验证通过的备份</source>
        <translation>No verified backup in {hours} hours</translation>
    </message>
    <message>
        <source>日志归档持续失败 {n} 次:按时间点恢复失去保障,请检查归档磁盘</source>
        <translation>WAL archiving has failed {n} times in a row: point-in-time restore is no longer assured; check the archive disk</translation>
    </message>
    <message>
        <source>数据恢复失败,原数据库未改动</source>
        <translation>Restore failed; the original database is unchanged</translation>
    </message>
    <message>
        <source>基础备份失败</source>
        <translation>Base backup failed</translation>
    </message>
    <message>
        <source>复制到第二存放位置失败</source>
        <translation>Copying to the second location failed</translation>
    </message>
    <message>
        <source>备份验证失败</source>
        <translation>Backup verification failed</translation>
    </message>
    <message>
        <source>备份失败</source>
        <translation>Backup failed</translation>
    </message>
    <message>
        <source>没有告警</source>
        <translation>No alerts</translation>
    </message>
    <message>
        <source>{kind} {n} 条</source>
        <translation>{kind}: {n}</translation>
    </message>
    <message>
        <source>共 {n} 条:</source>
        <translation>{n} alerts: </translation>
    </message>
</context>
<context>
    <name>AlertsModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>AlertsPage</name>
    <message>
        <source>告警</source>
        <translation>Alerts</translation>
    </message>
    <message>
        <source>时间范围:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>最近 1 天</source>
        <translation>Last day</translation>
    </message>
    <message>
        <source>最近 7 天</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>最近 30 天</source>
        <translation>Last 30 days</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>告警由服务器根据操作日志和备份文件即时汇总;红色表示可能有人在猜测密码,或数据可能无法恢复,请尽快处理。时间为本机时间。</source>
        <translation>Alerts are drawn from the operation log and the backup files when asked. Red means someone may be guessing passwords or the data may not be recoverable: act soon. Times are this computer's.</translation>
    </message>
</context>
<context>
    <name>AnnouncementsModel</name>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>From</translation>
    </message>
    <message>
        <source>结束</source>
        <translation>Until</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>发布人</source>
        <translation>Published by</translation>
    </message>
    <message>
        <source>已撤下</source>
        <translation>Withdrawn</translation>
    </message>
    <message>
        <source>发布中或待开始</source>
        <translation>In force or waiting to start</translation>
    </message>
</context>
<context>
    <name>AnnouncementsPage</name>
    <message>
        <source>公告</source>
        <translation>Announcements</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>From</translation>
    </message>
    <message>
        <source>结束</source>
        <translation>Until</translation>
    </message>
    <message>
        <source>维护开始</source>
        <translation>Maintenance begins</translation>
    </message>
    <message>
        <source>发布</source>
        <translation>Publish</translation>
    </message>
    <message>
        <source>撤下</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>公告在开始与结束之间显示在每位用户的工作台首页;系统维护与升级公告以醒目颜色显示。系统维护公告另在窗口顶部显示横幅,倒计时到“维护开始”。公告发布后不能修改,如有错误请撤下后重新发布。</source>
        <translation>An announcement is shown on every user's workbench home page between its start and its end; maintenance and upgrade announcements stand out in colour. A maintenance announcement also raises a band at the top of the window counting down to 'Maintenance begins'. An announcement cannot be changed once published: withdraw a wrong one and publish it again.</translation>
    </message>
    <message>
        <source>请填写标题</source>
        <translation>Enter a title</translation>
    </message>
    <message>
        <source>已发布:{title}</source>
        <translation>Published: {title}</translation>
    </message>
    <message>
        <source>已撤下:{title}</source>
        <translation>Withdrawn: {title}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>缺少中文字体</source>
        <translation>No Chinese font</translation>
    </message>
    <message>
        <source>本机没有可显示中文的字体,随程序提供的字体也无法载入:界面会显示方框,打印和导出的PDF将没有中文。请联系信息技术人员重新安装本程序。</source>
        <translation>This computer has no font that can show Chinese, and the font shipped with the program could not be loaded: screens will show boxes, and printed or exported PDFs will have no Chinese text. Ask IT to reinstall the program.</translation>
    </message>
</context>
<context>
    <name>ApprovalRules</name>
    <message>
        <source>个工作日</source>
        <translation>working days</translation>
    </message>
    <message>
        <source>小时</source>
        <translation>hours</translation>
    </message>
    <message>
        <source>全部类型</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>单位 {id}</source>
        <translation>Unit {id}</translation>
    </message>
    <message>
        <source>{low} 以上</source>
        <translation>over {low}</translation>
    </message>
    <message>
        <source>{n} 小时</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>{n} 个工作日</source>
        <translation>{n} working days</translation>
    </message>
    <message>
        <source>{post}({deadline})</source>
        <translation>{post} ({deadline})</translation>
    </message>
</context>
<context>
    <name>ApprovalRulesPage</name>
    <message>
        <source>审批规则</source>
        <translation>Approval rules</translation>
    </message>
    <message>
        <source>新增规则</source>
        <translation>New rule</translation>
    </message>
    <message>
        <source>修改规则</source>
        <translation>Edit rule</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>按优先顺序取第一条启用且单据类型、金额、单位都相符的规则;规则的单位包含其下级单位。修改只影响此后提交的单据,审批中的单据按原路径。保存需要重新验证动态口令,并记入操作日志。</source>
        <translation>The first enabled rule, in order of priority, whose document kind, amount and unit all match is used; a rule's unit includes the units below it. Changes affect only documents submitted afterwards; documents already in approval keep their route. Saving asks for your authenticator code again and is recorded in the operation log.</translation>
    </message>
    <message>
        <source>审批路径预览</source>
        <translation>Approval route preview</translation>
    </message>
    <message>
        <source>单据类型:</source>
        <translation>Document kind:</translation>
    </message>
    <message>
        <source>预算单位:</source>
        <translation>Budget unit:</translation>
    </message>
    <message>
        <source>金额(元):</source>
        <translation>Amount (yuan):</translation>
    </message>
    <message>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>已保存审批规则“{name}”,此后提交的单据按它审批</source>
        <translation>Approval rule “{name}” saved; documents submitted from now on follow it</translation>
    </message>
    <message>
        <source>正在查询…</source>
        <translation>Looking up…</translation>
    </message>
    <message>
        <source>适用规则:{name}</source>
        <translation>Rule applied: {name}</translation>
    </message>
    <message>
        <source>第 {n} 步:{post},期限 {deadline}</source>
        <translation>Step {n}: {post}, within {deadline}</translation>
    </message>
</context>
<context>
    <name>ArchiveExport</name>
    <message>
        <source>导出电子档案</source>
        <translation>Export archive PDF</translation>
    </message>
    <message>
        <source>电子档案-{number}.pdf</source>
        <translation>archive-{number}.pdf</translation>
    </message>
    <message>
        <source>电子档案已保存:{path}</source>
        <translation>Archive PDF saved: {path}</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>附件(可拖入文件):</source>
        <translation>Attachments (drop files here):</translation>
    </message>
    <message>
        <source>添加附件…</source>
        <translation>Add attachments…</translation>
    </message>
    <message>
        <source>从扫描文件夹添加</source>
        <translation>Add from scanner folder</translation>
    </message>
    <message>
        <source>删除附件</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <source>取消上传</source>
        <translation>Cancel upload</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <source>附件查看</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>上一页</source>
        <translation>Previous page</translation>
    </message>
    <message>
        <source>下一页</source>
        <translation>Next page</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>向左旋转</source>
        <translation>Rotate left</translation>
    </message>
    <message>
        <source>向右旋转</source>
        <translation>Rotate right</translation>
    </message>
    <message>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <source>已看</source>
        <translation>opened</translation>
    </message>
    <message>
        <source>未看</source>
        <translation>not opened</translation>
    </message>
    <message>
        <source>{pages} 页 · {mark}</source>
        <translation>{pages} page(s) · {mark}</translation>
    </message>
    <message>
        <source>正在下载“{name}”…</source>
        <translation>Downloading '{name}'…</translation>
    </message>
    <message>
        <source>无法显示这个 PDF,可另存后查看</source>
        <translation>This PDF cannot be shown; save it and open it elsewhere</translation>
    </message>
    <message>
        <source>此格式(OFD)不能在此显示:请“另存为…”后用 OFD 阅读器打开</source>
        <translation>OFD files cannot be shown here: use 'Save as…' and open it in an OFD reader</translation>
    </message>
    <message>
        <source>第 {page} / {count} 页</source>
        <translation>Page {page} of {count}</translation>
    </message>
    <message>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
</context>
<context>
    <name>AttachmentsBox</name>
    <message>
        <source>查看附件</source>
        <translation>View attachments</translation>
    </message>
    <message>
        <source>✓ 已看</source>
        <translation>✓ opened</translation>
    </message>
    <message>
        <source>● 未看</source>
        <translation>● not opened</translation>
    </message>
    <message>
        <source>{mark} {name}({pages} 页)</source>
        <translation>{mark} {name} ({pages} page(s))</translation>
    </message>
    <message>
        <source>附件:无</source>
        <translation>Attachments: none</translation>
    </message>
    <message>
        <source>附件 {total} 个,未看 {missing} 个</source>
        <translation>{total} attachment(s), {missing} not opened</translation>
    </message>
    <message>
        <source>附件 {total} 个,均已查看</source>
        <translation>{total} attachment(s), all opened</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <source>添加附件</source>
        <translation>Add attachments</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>保存草稿后上传</source>
        <translation>Uploaded once the draft is saved</translation>
    </message>
    <message>
        <source>不能读取文件“{name}”:{error}</source>
        <translation>Cannot read the file '{name}': {error}</translation>
    </message>
    <message>
        <source>请先在“设置 → 扫描文件夹”中选择扫描仪保存文件的文件夹</source>
        <translation>First choose the folder your scanner saves to in 'Settings → Scanner folder'</translation>
    </message>
    <message>
        <source>扫描文件夹中没有新文件</source>
        <translation>No new files in the scanner folder</translation>
    </message>
    <message>
        <source>等待上传</source>
        <translation>Waiting to upload</translation>
    </message>
    <message>
        <source>已上传 · {pages} 页</source>
        <translation>Uploaded · {pages} page(s)</translation>
    </message>
    <message>
        <source>未上传:已保存在本机,保存时重试</source>
        <translation>Not uploaded: kept on this computer, retried at the next save</translation>
    </message>
    <message>
        <source>服务器没有答复,附件已保存在本机,下次保存或启动时会再次上传</source>
        <translation>The server did not answer; the attachment is kept on this computer and will be uploaded again at the next save or start</translation>
    </message>
    <message>
        <source>已取消上传“{name}”</source>
        <translation>Upload of '{name}' cancelled</translation>
    </message>
    <message>
        <source>删除附件</source>
        <translation>Remove attachment</translation>
    </message>
    <message>
        <source>删除“{name}”的原因:</source>
        <translation>Why remove '{name}':</translation>
    </message>
    <message>
        <source>{pages} 页</source>
        <translation>{pages} page(s)</translation>
    </message>
    <message>
        <source>上次未上传</source>
        <translation>Not uploaded last time</translation>
    </message>
    <message>
        <source>有 {count} 个附件上次没有上传,保存草稿后将继续上传</source>
        <translation>{count} attachment(s) were not uploaded last time; they will be uploaded once the draft is saved</translation>
    </message>
</context>
<context>
    <name>AuditLog</name>
    <message>
        <source>日志链完整,共 {n} 条记录</source>
        <translation>Log chain intact: {n} records</translation>
    </message>
    <message>
        <source>与上一条记录的链接不符</source>
        <translation>its link to the previous record does not match</translation>
    </message>
    <message>
        <source>记录内容与其哈希值不符,记录已被改动</source>
        <translation>its content does not match its hash: the record was altered</translation>
    </message>
    <message>
        <source>日志链在第 {id} 条记录处断裂:{reason}</source>
        <translation>Log chain broken at record {id}: {reason}</translation>
    </message>
</context>
<context>
    <name>AuditLogModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>来源/IP</source>
        <translation>Source/IP</translation>
    </message>
    <message>
        <source>详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>记录编号 {id}</source>
        <translation>Record no. {id}</translation>
    </message>
</context>
<context>
    <name>AuditLogPage</name>
    <message>
        <source>操作日志</source>
        <translation>Operation log</translation>
    </message>
    <message>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>操作人:</source>
        <translation>User:</translation>
    </message>
    <message>
        <source>用户名或其一部分</source>
        <translation>Username or part of it</translation>
    </message>
    <message>
        <source>操作:</source>
        <translation>Action:</translation>
    </message>
    <message>
        <source>如 user. 或 login.failed</source>
        <translation>e.g. user. or login.failed</translation>
    </message>
    <message>
        <source>对象:</source>
        <translation>Target:</translation>
    </message>
    <message>
        <source>类型,如 user</source>
        <translation>Type, e.g. user</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>详情包含:</source>
        <translation>Details contain:</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Query</translation>
    </message>
    <message>
        <source>加载更多</source>
        <translation>Load more</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>校验日志链</source>
        <translation>Verify log chain</translation>
    </message>
    <message>
        <source>日期按北京时间的自然日计算,时间列为本机时间;操作填 user 可查到 user. 开头的全部操作。导出最多含最新的 10 万条记录,导出本身也记入操作日志。</source>
        <translation>Dates are calendar days in Beijing time; the Time column shows this computer's time. Entering user as the action finds every action beginning with user. An export holds at most the latest 100,000 records, and the export itself is recorded in the operation log.</translation>
    </message>
    <message>
        <source>已显示 {n} 条,还有更多</source>
        <translation>{n} shown; there are more</translation>
    </message>
    <message>
        <source>共 {n} 条</source>
        <translation>{n} records</translation>
    </message>
    <message>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>正在校验日志链…</source>
        <translation>Verifying the log chain…</translation>
    </message>
</context>
<context>
    <name>Backups</name>
    <message>
        <source>已验证</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>验证失败</source>
        <translation>Verification failed</translation>
    </message>
    <message>
        <source>未验证</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <source>不到 1 小时</source>
        <translation>under an hour</translation>
    </message>
    <message>
        <source>{hours} 小时</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <source>{days} 天 {hours} 小时</source>
        <translation>{days} d {hours} h</translation>
    </message>
    <message>
        <source>正在验证…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <source>正在备份…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>已完成,验证通过</source>
        <translation>Done, verified</translation>
    </message>
    <message>
        <source>失败</source>
        <translation>Failed</translation>
    </message>
    <message>
        <source>服务器启动以来尚未备份</source>
        <translation>No backup since the server started</translation>
    </message>
    <message>
        <source>手动</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>每日定时</source>
        <translation>Nightly</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
</context>
<context>
    <name>BackupsModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>文件名</source>
        <translation>File</translation>
    </message>
    <message>
        <source>大小(MB)</source>
        <translation>Size (MB)</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>尚未验证</source>
        <translation>Not verified yet</translation>
    </message>
    <message>
        <source>{at} 验证</source>
        <translation>Verified {at}</translation>
    </message>
    <message>
        <source>{checked}:校验和、试恢复、行数、账务合计与日志链均一致</source>
        <translation>{checked}: checksum, test restore, row counts, ledger totals and log chain all match</translation>
    </message>
</context>
<context>
    <name>BackupsPage</name>
    <message>
        <source>数据备份</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>立即备份</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>每次备份完成后都会在临时数据库中试恢复并核对行数与账务合计;验证通过后按保留规则清理旧备份。每日定时备份同样如此。</source>
        <translation>Every backup is test-restored into a scratch database and its row counts and ledger totals compared; after a verified backup, old ones are removed by the retention rules. The nightly backup does the same.</translation>
    </message>
    <message>
        <source>备份已开始</source>
        <translation>Backup started</translation>
    </message>
    <message>
        <source>已确认备份密钥离线保存</source>
        <translation>Confirmed: the backup key is kept offline</translation>
    </message>
    <message>
        <source>备份完成,验证通过:{name}</source>
        <translation>Backup done and verified: {name}</translation>
    </message>
    <message>
        <source>备份失败,问题见“最近一次备份”</source>
        <translation>The backup failed; see the last run</translation>
    </message>
    <message>
        <source>警告:没有验证通过的备份。请立即备份,并检查每日定时备份是否正常。</source>
        <translation>Warning: no verified backup. Back up now and check the nightly backup.</translation>
    </message>
    <message>
        <source>最近一次验证通过的备份:{at}({age}前)</source>
        <translation>Last verified backup: {at} ({age} ago)</translation>
    </message>
    <message>
        <source>警告:{text},已超过 {hours} 小时。</source>
        <translation>Warning: {text}, more than {hours} hours ago.</translation>
    </message>
</context>
<context>
    <name>BatchImport</name>
    <message>
        <source>批量录入模板</source>
        <translation>import template</translation>
    </message>
    <message>
        <source>保存模板</source>
        <translation>Save template</translation>
    </message>
    <message>
        <source>模板已保存:{path}</source>
        <translation>Template saved: {path}</translation>
    </message>
    <message>
        <source>选择要导入的文件</source>
        <translation>Choose the file to import</translation>
    </message>
    <message>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>已导入 {count} 张草稿,请核对后提交</source>
        <translation>Imported {count} drafts; check them, then submit</translation>
    </message>
    <message>
        <source>服务器没有答复,不能确定是否已导入;网络恢复后请再次导入同一文件,不会重复</source>
        <translation>No answer from the server, so it is not certain the file was imported; once the network is back, import the same file again: nothing will be imported twice</translation>
    </message>
    <message>
        <source>文件不是有效的导入模板:{reason}</source>
        <translation>The file is not a valid import template: {reason}</translation>
    </message>
    <message>
        <source>错误报告</source>
        <translation>error report</translation>
    </message>
</context>
<context>
    <name>Calendar</name>
    <message>
        <source>上班(调休)</source>
        <translation>Working (exchanged)</translation>
    </message>
    <message>
        <source>放假</source>
        <translation>Holiday</translation>
    </message>
</context>
<context>
    <name>CalendarPage</name>
    <message>
        <source>节假日与调休</source>
        <translation>Holidays and working days</translation>
    </message>
    <message>
        <source>年份:</source>
        <translation>Year:</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>下载导入模板</source>
        <translation>Download import template</translation>
    </message>
    <message>
        <source>从 Excel 导入全年…</source>
        <translation>Import the year from Excel…</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>期限预览</source>
        <translation>Deadline preview</translation>
    </message>
    <message>
        <source>开始时间:</source>
        <translation>Started:</translation>
    </message>
    <message>
        <source>工作日数:</source>
        <translation>Working days:</translation>
    </message>
    <message>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>周一至周五为工作日,这里列出的“放假”日除外;列为“上班(调休)”的周末按工作日计。审批期限按工作日计算。每年按国务院公布的节假日安排导入一次。修改需要重新验证动态口令,并记入操作日志;已在审批中的单据期限不变。</source>
        <translation>Monday to Friday are working days, except the holidays listed here; a weekend day listed as Working (exchanged) counts as a working day. Approval deadlines count working days. Import the State Council's holiday list once a year. Changes ask for a fresh authenticator code and are recorded in the operation log; items already under review keep their deadlines.</translation>
    </message>
    <message>
        <source>已保存:{day} {kind} {name}</source>
        <translation>Saved: {day} {kind} {name}</translation>
    </message>
    <message>
        <source>已删除:{day},恢复为普通日</source>
        <translation>Deleted: {day} is an ordinary day again</translation>
    </message>
    <message>
        <source>删除节假日</source>
        <translation>Delete holiday</translation>
    </message>
    <message>
        <source>删除 {day}({name})?这一天将按普通的周一至周五规则计算。</source>
        <translation>Delete {day} ({name})? The day then counts by the ordinary Monday-to-Friday rule.</translation>
    </message>
    <message>
        <source>保存模板</source>
        <translation>Save template</translation>
    </message>
    <message>
        <source>模板已保存:{path}</source>
        <translation>Template saved: {path}</translation>
    </message>
    <message>
        <source>选择全年节假日安排</source>
        <translation>Choose the year's holiday list</translation>
    </message>
    <message>
        <source>已导入 {year} 年节假日安排,共 {n} 天</source>
        <translation>Imported the holidays of {year}: {n} days</translation>
    </message>
    <message>
        <source>导入全年节假日安排</source>
        <translation>Import the year's holidays</translation>
    </message>
    <message>
        <source>用文件中的 {n} 天(放假 {holidays} 天,调休上班 {working} 天)替换 {year} 年现有的 {old} 天安排?</source>
        <translation>Replace the {old} days now kept for {year} with the {n} days of the file ({holidays} holidays, {working} exchanged working days)?</translation>
    </message>
    <message>
        <source>{days} 个工作日后截止:{due}
黄灯提醒自:{yellow}</source>
        <translation>Due after {days} working days: {due}
Yellow from: {yellow}</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>当前密码:</source>
        <translation>Current password:</translation>
    </message>
    <message>
        <source>新密码:</source>
        <translation>New password:</translation>
    </message>
    <message>
        <source>再次输入新密码:</source>
        <translation>New password again:</translation>
    </message>
    <message>
        <source>请输入当前密码</source>
        <translation>Enter your current password</translation>
    </message>
</context>
<context>
    <name>ChangesModel</name>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
</context>
<context>
    <name>ClientVersionsPage</name>
    <message>
        <source>客户端版本</source>
        <translation>Client versions</translation>
    </message>
    <message>
        <source>上传安装包</source>
        <translation>Upload installer</translation>
    </message>
    <message>
        <source>设为最低版本</source>
        <translation>Make minimum version</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>筛选:版本、系统、文件名…</source>
        <translation>Filter: version, platform, file name…</translation>
    </message>
    <message>
        <source>登录时,低于最低版本的客户端不能登录,会提示用户下载本系统最新的安装包(核对校验值后运行);不低于最低版本但较旧的客户端可以登录,并提示有新版本。最低版本也可在“系统参数”中修改。上传和修改需要重新验证动态口令,并记入操作日志。</source>
        <translation>At login, a client older than the minimum version cannot log in and is offered the newest installer for its system (checked against its checksum before it runs); a client at or above the minimum but older can log in and is told a new version exists. The minimum can also be changed under System parameters. Uploading and changing need a fresh authenticator code and are written to the operation log.</translation>
    </message>
    <message>
        <source>最低客户端版本:未设定(任何版本都可以登录)</source>
        <translation>Minimum client version: none (any version may log in)</translation>
    </message>
    <message>
        <source>最低客户端版本:{version}(更旧的客户端须先安装新版本才能登录)</source>
        <translation>Minimum client version: {version} (an older client must install the new version before it can log in)</translation>
    </message>
    <message>
        <source>已上传安装包:{version}({file},SHA-256 {sha256})</source>
        <translation>Installer uploaded: {version} ({file}, SHA-256 {sha256})</translation>
    </message>
    <message>
        <source>无法读取文件:{error}</source>
        <translation>Cannot read the file: {error}</translation>
    </message>
    <message>
        <source>已提交双人复核,等待另一位管理员审批 (申请编号 {id})</source>
        <translation>Sent for four-eyes approval by a second administrator (request {id})</translation>
    </message>
    <message>
        <source>最低客户端版本已设为 {version}</source>
        <translation>The minimum client version is now {version}</translation>
    </message>
    <message>
        <source>设 {version} 为最低客户端版本?此后低于 {version} 的客户端不能登录,须先下载安装新版本(没有适用安装包的系统只能由管理员另行安装)。</source>
        <translation>Make {version} the minimum client version? Clients older than {version} then cannot log in until they download and install the new version (on a system without an installer here, IT must install it).</translation>
    </message>
</context>
<context>
    <name>CodePicker</name>
    <message>
        <source>“{text}”不是可用的编码或名称,请从列表中选择</source>
        <translation>'{text}' is not a usable code or name; choose one from the list</translation>
    </message>
</context>
<context>
    <name>CodePrompt</name>
    <message>
        <source>验证动态口令</source>
        <translation>Verify your code</translation>
    </message>
    <message>
        <source>此操作需要重新验证,请输入身份验证器当前的 6 位动态口令:</source>
        <translation>This action needs a fresh verification. Enter the 6-digit code your authenticator shows now:</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>连接设置</source>
        <translation>Connection settings</translation>
    </message>
    <message>
        <source>清除已信任的证书(仅在管理员确认更换证书后)</source>
        <translation>Forget the trusted certificate (only after the administrator confirms it was replaced)</translation>
    </message>
    <message>
        <source>尚未信任任何证书</source>
        <translation>No certificate trusted yet</translation>
    </message>
    <message>
        <source>服务器地址:</source>
        <translation>Server address:</translation>
    </message>
    <message>
        <source>已信任的证书指纹:</source>
        <translation>Trusted certificate fingerprint:</translation>
    </message>
    <message>
        <source>服务器地址不符合规则:应为 https://主机名:端口</source>
        <translation>Server address breaks the rule: it must be https://host:port</translation>
    </message>
</context>
<context>
    <name>ConnectionStatus</name>
    <message>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>已连接</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>服务器数据库不可用</source>
        <translation>Server database unavailable</translation>
    </message>
    <message>
        <source>系统维护中(正在恢复数据),未提交的内容已保存在本机</source>
        <translation>System under maintenance (data being restored); anything not submitted is kept on this computer</translation>
    </message>
    <message>
        <source>连接中断,正在自动重连…</source>
        <translation>Connection lost, reconnecting…</translation>
    </message>
    <message>
        <source>未信任服务器证书</source>
        <translation>Server certificate not trusted</translation>
    </message>
    <message>
        <source>服务器证书已变化,已拒绝连接</source>
        <translation>Server certificate changed, connection refused</translation>
    </message>
    <message>
        <source>服务器:{url}</source>
        <translation>Server: {url}</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>程序出错</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>程序遇到意外错误,已记入日志。您可以继续工作;如问题再次出现,请发送问题反馈。</source>
        <translation>The program met an unexpected error; it has been logged. You can carry on working; if it happens again, please send a problem report.</translation>
    </message>
    <message>
        <source>问题反馈…</source>
        <translation>Report a problem…</translation>
    </message>
</context>
<context>
    <name>CreateUserDialog</name>
    <message>
        <source>新建用户</source>
        <translation>New user</translation>
    </message>
    <message>
        <source>授予系统管理员或审计员岗位须另一位管理员批准,请写明理由供其审核</source>
        <translation>Granting the administrator or auditor role needs a second administrator's approval; give the reason for them to review</translation>
    </message>
    <message>
        <source>用户名:</source>
        <translation>Username:</translation>
    </message>
    <message>
        <source>姓名:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <source>申请理由:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>用户名不符合规则:3~64 位字母、数字、点、下划线或连字符</source>
        <translation>Username breaks the rule: 3-64 letters, digits, dots, underscores or hyphens</translation>
    </message>
    <message>
        <source>姓名不能为空</source>
        <translation>Full name must not be empty</translation>
    </message>
    <message>
        <source>岗位:至少选择一个</source>
        <translation>Roles: choose at least one</translation>
    </message>
</context>
<context>
    <name>DayDialog</name>
    <message>
        <source>修改节假日</source>
        <translation>Change holiday</translation>
    </message>
    <message>
        <source>新增节假日</source>
        <translation>New holiday</translation>
    </message>
    <message>
        <source>日期:</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>类型:</source>
        <translation>Type:</translation>
    </message>
    <message>
        <source>名称:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>如:国庆节</source>
        <translation>e.g. National Day</translation>
    </message>
</context>
<context>
    <name>DaysModel</name>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>星期</source>
        <translation>Weekday</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
</context>
<context>
    <name>DelegateDialog</name>
    <message>
        <source>委托他人审批</source>
        <translation>Delegate to another reviewer</translation>
    </message>
    <message>
        <source>例如:本人出差,委托处理</source>
        <translation>e.g. away on business, please handle</translation>
    </message>
    <message>
        <source>没有可以委托的审核人</source>
        <translation>No reviewer can take this item over</translation>
    </message>
    <message>
        <source>委托给</source>
        <translation>Delegate to</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>DetailDialog</name>
    <message>
        <source>单据</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>督办…</source>
        <translation>Urge…</translation>
    </message>
    <message>
        <source>导出电子档案</source>
        <translation>Export archive PDF</translation>
    </message>
    <message>
        <source>督办</source>
        <translation>Urge</translation>
    </message>
    <message>
        <source>给审批人的话(可不填):</source>
        <translation>A word to the reviewers (optional):</translation>
    </message>
    <message>
        <source>已督办,审批人会在首页看到</source>
        <translation>Urged; the reviewers see it on their home screen</translation>
    </message>
</context>
<context>
    <name>DocumentDetail</name>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>大写金额</source>
        <translation>Amount in words</translation>
    </message>
    <message>
        <source>对方</source>
        <translation>Counterparty</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>收款账户</source>
        <translation>Payee account</translation>
    </message>
    <message>
        <source>附件张数</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>制单人</source>
        <translation>Maker</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>会计科目</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>借方金额</source>
        <translation>Debit</translation>
    </message>
    <message>
        <source>贷方金额</source>
        <translation>Credit</translation>
    </message>
    <message>
        <source>审批记录</source>
        <translation>Approval record</translation>
    </message>
    <message>
        <source>(另有纸质附件:{reason})</source>
        <translation> (and paper kept outside: {reason})</translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>对方 / 摘要</source>
        <translation>Counterparty / summary</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>最近修改</source>
        <translation>Last changed</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Files</translation>
    </message>
</context>
<context>
    <name>DoubleEntryDialog</name>
    <message>
        <source>大额二次核对</source>
        <translation>Double entry of large amounts</translation>
    </message>
    <message>
        <source>再次输入{name}:</source>
        <translation>{name} again:</translation>
    </message>
    <message>
        <source>以下金额达到核对标准,请不看原值再输入一遍:</source>
        <translation>These amounts need a second typing; type them again without looking at the first:</translation>
    </message>
    <message>
        <source>两次输入的金额不一致,请核对原始凭据</source>
        <translation>The amounts differ; check the source document</translation>
    </message>
</context>
<context>
    <name>EntriesModel</name>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>凭证号</source>
        <translation>Voucher no.</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>科目</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>借方</source>
        <translation>Debit</translation>
    </message>
    <message>
        <source>贷方</source>
        <translation>Credit</translation>
    </message>
    <message>
        <source>(预览)</source>
        <translation>(preview)</translation>
    </message>
</context>
<context>
    <name>EntryForm</name>
    <message>
        <source>下载导入模板</source>
        <translation>Download import template</translation>
    </message>
    <message>
        <source>批量导入…</source>
        <translation>Batch import…</translation>
    </message>
    <message>
        <source>另有 {extra} 张纸质附件未扫描:写明是什么、存放在哪里</source>
        <translation>{extra} more paper page(s) not scanned: say what they are and where they are kept</translation>
    </message>
    <message>
        <source>疑似重复</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <source>草稿已保存(第 {version} 版)</source>
        <translation>Draft saved (version {version})</translation>
    </message>
    <message>
        <source>还有 {count} 个附件没有上传到服务器:请先保存草稿,待附件上传完成后再提交</source>
        <translation>{count} attachment(s) are not on the server yet: save the draft, and submit once they are uploaded</translation>
    </message>
    <message>
        <source>服务器没有答复,不能确定是否已保存。输入已保留在本机;网络恢复后再次点击保存或提交,将先确认上次的结果,不会重复</source>
        <translation>No answer from the server, so it is not certain it was saved. What you typed is kept on this computer; once the network is back, save or submit again: the last request is confirmed first and nothing is done twice</translation>
    </message>
    <message>
        <source>正在确认上次未答复的请求…</source>
        <translation>Confirming the request that got no answer…</translation>
    </message>
    <message>
        <source>已提交,编号 {number}</source>
        <translation>Submitted as {number}</translation>
    </message>
    <message>
        <source>已提交,编号 {number};提交之后的修改没有提交,仍在屏幕上</source>
        <translation>Submitted as {number}; changes typed after submitting were not submitted and are still on screen</translation>
    </message>
    <message>
        <source>放弃当前未保存的输入?</source>
        <translation>Discard what was typed and not saved?</translation>
    </message>
    <message>
        <source>未编号</source>
        <translation>not numbered</translation>
    </message>
    <message>
        <source>正在修改 {number}({status})</source>
        <translation>Editing {number} ({status})</translation>
    </message>
    <message>
        <source>{number} 的状态为“{status}”,只能查看</source>
        <translation>{number} is '{status}': it can only be viewed</translation>
    </message>
    <message>
        <source>已恢复上次未保存的输入,请核对后保存或提交</source>
        <translation>What was typed last time is back; check it, then save or submit</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>服务器证书已变化,已拒绝连接</source>
        <translation>Server certificate changed, connection refused</translation>
    </message>
    <message>
        <source>无法连接服务器,请检查网络后重试</source>
        <translation>Cannot reach the server; check the network and try again</translation>
    </message>
    <message>
        <source>发生意外错误:{error}</source>
        <translation>Unexpected error: {error}</translation>
    </message>
</context>
<context>
    <name>ExpenditureForm</name>
    <message>
        <source>支出录入</source>
        <translation>Expenditure entry</translation>
    </message>
    <message>
        <source>直接支付</source>
        <translation>Direct payment</translation>
    </message>
    <message>
        <source>授权支付</source>
        <translation>Authorised payment</translation>
    </message>
</context>
<context>
    <name>ExportRightsPage</name>
    <message>
        <source>导出权限</source>
        <translation>Export rights</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>按岗位</source>
        <translation>By role</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>默认(DOMAIN)</source>
        <translation>Default</translation>
    </message>
    <message>
        <source>现行导出权限</source>
        <translation>Export right in force</translation>
    </message>
    <message>
        <source>个人例外</source>
        <translation>People set apart</translation>
    </message>
    <message>
        <source>为个人设置…</source>
        <translation>Set for a person…</translation>
    </message>
    <message>
        <source>恢复按岗位</source>
        <translation>Back to their roles'</translation>
    </message>
    <message>
        <source>导出单据时只导出权限覆盖的部分;没有导出权限的人看不到导出按钮,服务器也拒绝其导出(单据、报表、操作日志)。修改需要重新验证动态口令,并记入操作日志。</source>
        <translation>An export holds only what the right covers; people without an export right see no export button and the server refuses their exports (documents, reports, operation log). Changes ask for a fresh authenticator code and are recorded in the operation log.</translation>
    </message>
    <message>
        <source>已设置 {role} 的导出权限:{scope}</source>
        <translation>Export right of {role} set: {scope}</translation>
    </message>
    <message>
        <source>已设置 {name} 的导出权限:{scope}</source>
        <translation>Export right of {name} set: {scope}</translation>
    </message>
    <message>
        <source>{name} 恢复按岗位的导出权限</source>
        <translation>{name} exports by their roles again</translation>
    </message>
</context>
<context>
    <name>FaqModel</name>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>最后修改</source>
        <translation>Last changed</translation>
    </message>
</context>
<context>
    <name>FaqPage</name>
    <message>
        <source>常见问题</source>
        <translation>FAQ</translation>
    </message>
    <message>
        <source>语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>答案</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>标签</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>以逗号分隔,如:凭证, 冲销</source>
        <translation>Separated by commas, e.g. voucher, reversal</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>常见问题与使用手册一起被搜索(帮助 → 使用手册),用户只看到其界面语言的条目。选中一行可修改或删除;每次修改都记入操作日志。</source>
        <translation>The FAQ is searched together with the manual (Help → User manual); users see the entries in their UI language. Select a row to change or delete it; every change is in the operation log.</translation>
    </message>
    <message>
        <source>请填写问题与答案</source>
        <translation>Fill in the question and the answer</translation>
    </message>
    <message>
        <source>已新增:{question}</source>
        <translation>Added: {question}</translation>
    </message>
    <message>
        <source>请先在列表中选中要修改的条目</source>
        <translation>First select the entry to change in the list</translation>
    </message>
    <message>
        <source>已保存:{question}</source>
        <translation>Saved: {question}</translation>
    </message>
    <message>
        <source>已删除:{question}</source>
        <translation>Deleted: {question}</translation>
    </message>
    <message>
        <source>删除常见问题</source>
        <translation>Delete FAQ entry</translation>
    </message>
    <message>
        <source>删除“{question}”?</source>
        <translation>Delete "{question}"?</translation>
    </message>
</context>
<context>
    <name>FeedbackDialog</name>
    <message>
        <source>问题反馈</source>
        <translation>Report a problem</translation>
    </message>
    <message>
        <source>请写明在哪个界面、做了什么、看到了什么(如提示的原话)。管理员答复后,答复会出现在您的消息提醒中。</source>
        <translation>Say on which screen, what you did and what you saw (the message's exact words, if any). The administrators' answer will appear in your messages.</translation>
    </message>
    <message>
        <source>附带本窗口的截图</source>
        <translation>Attach a screenshot of this window</translation>
    </message>
    <message>
        <source>附带最近的程序日志(令牌、密码与验证码已隐去,发送内容如下)</source>
        <translation>Attach the recent program log (tokens, passwords and codes removed; this is what is sent)</translation>
    </message>
    <message>
        <source>发送</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>请填写问题描述:至少 {n} 个字</source>
        <translation>Describe the problem: at least {n} characters</translation>
    </message>
    <message>
        <source>问题反馈已发送(编号 {id}),管理员答复后会通知您</source>
        <translation>Problem report sent (no. {id}); you will be told when the administrators answer</translation>
    </message>
    <message>
        <source>尚未连接服务器,请稍后再发送</source>
        <translation>Not connected to the server yet; send it again shortly</translation>
    </message>
</context>
<context>
    <name>FeedbackModel</name>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <source>界面</source>
        <translation>Screen</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>附带</source>
        <translation>Attached</translation>
    </message>
    <message>
        <source>截图</source>
        <translation>screenshot</translation>
    </message>
    <message>
        <source>日志</source>
        <translation>log</translation>
    </message>
</context>
<context>
    <name>FeedbackPage</name>
    <message>
        <source>问题反馈</source>
        <translation>Problem reports</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>窗口截图</source>
        <translation>Screenshot of the window</translation>
    </message>
    <message>
        <source>程序日志(用户发送前已隐去令牌与密码)</source>
        <translation>Program log (tokens and passwords were removed before sending)</translation>
    </message>
    <message>
        <source>已答复</source>
        <translation>Answers so far</translation>
    </message>
    <message>
        <source>答复</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>答复并关闭</source>
        <translation>Answer and close</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>查看原图</source>
        <translation>Full size</translation>
    </message>
    <message>
        <source>用户在客户端“帮助 → 问题反馈”或出错提示处发送的问题。答复会出现在该用户的消息提醒中;处理完毕后关闭。问题与答复都会保留,不能修改。</source>
        <translation>Problems users sent from Help → Report a problem or from an error in the client. An answer appears in that user's messages; close a report when it is dealt with. Reports and answers are kept and cannot be changed.</translation>
    </message>
    <message>
        <source>(无截图)</source>
        <translation>(no screenshot)</translation>
    </message>
    <message>
        <source>(未附日志)</source>
        <translation>(no log attached)</translation>
    </message>
    <message>
        <source>请填写答复</source>
        <translation>Write the answer first</translation>
    </message>
    <message>
        <source>已答复问题反馈 {id}</source>
        <translation>Answered problem report {id}</translation>
    </message>
    <message>
        <source>已关闭问题反馈 {id}</source>
        <translation>Closed problem report {id}</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>更多条件</source>
        <translation>More filters</translation>
    </message>
    <message>
        <source>更多条件({count})</source>
        <translation>More filters ({count})</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>摘要或对方</source>
        <translation>Summary or counterparty</translation>
    </message>
    <message>
        <source>收支项目</source>
        <translation>Budget item</translation>
    </message>
    <message>
        <source>会计科目</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>排序</source>
        <translation>Sort</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>全部单位(可输入编码、名称或拼音首字母)</source>
        <translation>All units (type a code, name or pinyin initials)</translation>
    </message>
    <message>
        <source>选中的单位连同其下属单位</source>
        <translation>The chosen unit and the units below it</translation>
    </message>
    <message>
        <source>全部项目</source>
        <translation>All items</translation>
    </message>
    <message>
        <source>全部科目(只对凭证)</source>
        <translation>All accounts (vouchers only)</translation>
    </message>
    <message>
        <source>词语之间用空格分开,顺序不限</source>
        <translation>Words separated by spaces, in any order</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Query</translation>
    </message>
    <message>
        <source>清空条件</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>日期从新到旧</source>
        <translation>Date, newest first</translation>
    </message>
    <message>
        <source>日期从旧到新</source>
        <translation>Date, oldest first</translation>
    </message>
    <message>
        <source>金额从大到小</source>
        <translation>Amount, largest first</translation>
    </message>
    <message>
        <source>金额从小到大</source>
        <translation>Amount, smallest first</translation>
    </message>
    <message>
        <source>最近修改的在前</source>
        <translation>Last changed first</translation>
    </message>
    <message>
        <source>最早修改的在前</source>
        <translation>Earliest changed first</translation>
    </message>
    <message>
        <source>{unit}(含下属单位)</source>
        <translation>{unit} (with the units below it)</translation>
    </message>
    <message>
        <source>含“{words}”</source>
        <translation>containing “{words}”</translation>
    </message>
    <message>
        <source>{low} 至 {high}</source>
        <translation>{low} to {high}</translation>
    </message>
    <message>
        <source>自 {low} 起</source>
        <translation>from {low}</translation>
    </message>
    <message>
        <source>截至 {high}</source>
        <translation>up to {high}</translation>
    </message>
    <message>
        <source>不低于 {low}</source>
        <translation>at least {low}</translation>
    </message>
    <message>
        <source>不超过 {high}</source>
        <translation>at most {high}</translation>
    </message>
</context>
<context>
    <name>GapsModel</name>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>编号类别</source>
        <translation>Series</translation>
    </message>
    <message>
        <source>已编至</source>
        <translation>Numbered up to</translation>
    </message>
    <message>
        <source>缺号</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>GlobalSearch</name>
    <message>
        <source>单据号、编码、往来单位或摘要 (Ctrl+K)</source>
        <translation>Number, code, counterparty or summary (Ctrl+K)</translation>
    </message>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
    <message>
        <source>会计科目</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>收支科目</source>
        <translation>Budget item</translation>
    </message>
    <message>
        <source>{what} {code} {name} — 查询其单据</source>
        <translation>{what} {code} {name} — find its documents</translation>
    </message>
    <message>
        <source>(未编号)</source>
        <translation>(not numbered)</translation>
    </message>
    <message>
        <source>没有找到与“{text}”相符的单据</source>
        <translation>No documents match “{text}”</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>交接工作:{name}</source>
        <translation>Hand over work: {name}</translation>
    </message>
    <message>
        <source>将 {name} 的待办审批事项和草稿、退回修改的单据移交给接手人。接手人须有相应的岗位、单位范围和审批权限;不能接手的事项列出原因,原样保留。原制单人和审批记录不变。</source>
        <translation>Hands {name}'s pending approvals, drafts and returned documents over to a successor. The successor needs the matching roles, unit scope and approval authority; items they cannot take are listed with the reason and stay as they are. The original maker and the approval record do not change.</translation>
    </message>
    <message>
        <source>(请选择接手人)</source>
        <translation>(choose a successor)</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>单据</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>能否移交</source>
        <translation>Can be handed over</translation>
    </message>
    <message>
        <source>移交后停用该账号(离职)</source>
        <translation>Disable the account after the hand-over (leaver)</translation>
    </message>
    <message>
        <source>确认移交</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>接手人:</source>
        <translation>Successor:</translation>
    </message>
    <message>
        <source>待办审批 {steps} 项,草稿和退回单据 {documents} 张。</source>
        <translation>{steps} pending approvals, {documents} drafts and returned documents. </translation>
    </message>
    <message>
        <source>可移交 {movable} 项,不能移交 {left} 项。</source>
        <translation>{movable} can be handed over, {left} cannot. </translation>
    </message>
    <message>
        <source>另有 {count} 张本人提交的单据仍在审批中,不移交。</source>
        <translation>{count} documents they submitted are still in approval and are not handed over. </translation>
    </message>
    <message>
        <source>没有需要交接的工作。</source>
        <translation>Nothing to hand over. </translation>
    </message>
    <message>
        <source>审批事项(第 {step} 步)</source>
        <translation>Approval (step {step})</translation>
    </message>
    <message>
        <source>已移交</source>
        <translation>Handed over</translation>
    </message>
    <message>
        <source>可移交</source>
        <translation>Can be handed over</translation>
    </message>
    <message>
        <source>已移交 {moved} 项,未能移交 {left} 项。</source>
        <translation>{moved} handed over, {left} not. </translation>
    </message>
    <message>
        <source>账号已停用。</source>
        <translation>Account disabled.</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <source>(常见问题)</source>
        <translation> (FAQ)</translation>
    </message>
    <message>
        <source>找到 {n} 个结果</source>
        <translation>{n} found</translation>
    </message>
    <message>
        <source>没有找到</source>
        <translation>Nothing found</translation>
    </message>
    <message>
        <source>使用手册</source>
        <translation>Manual</translation>
    </message>
    <message>
        <source>后退</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>前进</source>
        <translation>Forward</translation>
    </message>
    <message>
        <source>搜索手册,如:冲销、退回、结账</source>
        <translation>Search the manual, e.g. reversal, return, period close</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>工作台首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>常用功能</source>
        <translation>Frequent tasks</translation>
    </message>
    <message>
        <source>收入录入</source>
        <translation>Income entry</translation>
    </message>
    <message>
        <source>支出录入</source>
        <translation>Expenditure entry</translation>
    </message>
    <message>
        <source>凭证录入</source>
        <translation>Voucher entry</translation>
    </message>
    <message>
        <source>我的单据</source>
        <translation>My documents</translation>
    </message>
    <message>
        <source>审核审批</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>公告</source>
        <translation>Announcements</translation>
    </message>
    <message>
        <source>最新消息</source>
        <translation>Latest notifications</translation>
    </message>
    <message>
        <source>全部标为已读</source>
        <translation>Mark all read</translation>
    </message>
    <message>
        <source>待办</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已办</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>【{kind}】{title}(至 {until})</source>
        <translation>[{kind}] {title} (until {until})</translation>
    </message>
    <message>
        <source>暂无消息</source>
        <translation>No notifications</translation>
    </message>
</context>
<context>
    <name>Icons</name>
    <message>
        <source>{label}({keys})</source>
        <translation>{label} ({keys})</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>导入{what}:检查结果</source>
        <translation>Import {what}: check results</translation>
    </message>
    <message>
        <source>确认导入</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>共 {rows} 行:新增 {add} 条,修改 {change} 条,不变 {same} 条。</source>
        <translation>{rows} rows: {add} new, {change} changed, {same} unchanged.</translation>
    </message>
    <message>
        <source>有 {rows} 行共 {count} 处错误,不能导入;改正后请重新导入。</source>
        <translation>{count} errors in {rows} rows, so nothing can be imported; correct them and import again.</translation>
    </message>
    <message>
        <source>文件与现有数据一致,没有需要导入的内容。</source>
        <translation>The file matches the existing data; there is nothing to import.</translation>
    </message>
    <message>
        <source>确认后全部保存;任何一行出错则都不保存。</source>
        <translation>Confirming saves everything; if any row fails, nothing is saved.</translation>
    </message>
</context>
<context>
    <name>IncomeForm</name>
    <message>
        <source>收入录入</source>
        <translation>Income entry</translation>
    </message>
</context>
<context>
    <name>InstallerDownload</name>
    <message>
        <source>安装包已下载并核对无误,但未能启动:{error}。请手动运行 {path}</source>
        <translation>The installer was downloaded and checked but could not be started: {error}. Run {path} yourself</translation>
    </message>
    <message>
        <source>下载的安装包与服务器公布的校验值(SHA-256)不符,已删除,没有运行。请重试;仍不符时请联系系统管理员。</source>
        <translation>The downloaded installer does not match the checksum (SHA-256) the server gave: it was deleted and not run. Try again; if it still does not match, contact the administrator.</translation>
    </message>
    <message>
        <source>下载失败:{error}</source>
        <translation>The download failed: {error}</translation>
    </message>
    <message>
        <source>服务器提供新版本 {version}({size})。下载后先核对校验值,再启动安装程序。</source>
        <translation>The server offers the new version {version} ({size}). Once downloaded, its checksum is checked before the installer starts.</translation>
    </message>
    <message>
        <source>正在下载新版本 {version}:{done} / {size}…</source>
        <translation>Downloading the new version {version}: {done} / {size}…</translation>
    </message>
    <message>
        <source>安装包已下载并核对无误:{path}。安装程序已启动,请按提示完成安装,然后重新打开本程序。</source>
        <translation>The installer was downloaded and checked: {path}. The installer has started; follow it to the end, then open this program again.</translation>
    </message>
</context>
<context>
    <name>InstallersModel</name>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>适用系统</source>
        <translation>Platform</translation>
    </message>
    <message>
        <source>文件名</source>
        <translation>File</translation>
    </message>
    <message>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>SHA-256 校验值</source>
        <translation>SHA-256 checksum</translation>
    </message>
    <message>
        <source>上传人</source>
        <translation>Uploaded by</translation>
    </message>
    <message>
        <source>上传时间</source>
        <translation>Uploaded at</translation>
    </message>
</context>
<context>
    <name>KeyBox</name>
    <message>
        <source>我已离线保存密钥</source>
        <translation>I keep the key offline</translation>
    </message>
    <message>
        <source>备份密钥 {key} 已导出,{who} 于 {at} 确认离线保存。</source>
        <translation>Backup key {key} was exported; {who} confirmed at {at} that it is kept offline.</translation>
    </message>
    <message>
        <source>警告:备份已加密,备份密钥 {key} 尚未导出。服务器磁盘损坏时没有它无法恢复。请在服务器上运行 countersign-server export-backup-key &lt;文件&gt;,离线保存后在此确认。</source>
        <translation>Warning: backups are encrypted and backup key {key} has not been exported. If the server's disk is lost, nothing can be restored without it. Run countersign-server export-backup-key &lt;file&gt; on the server, keep the file offline, then confirm here.</translation>
    </message>
    <message>
        <source>警告:备份密钥 {key} 已于 {at} 导出到 {path},尚未确认离线保存。离线保存后请点击“我已离线保存密钥”。</source>
        <translation>Warning: backup key {key} was exported to {path} at {at}, but nobody has confirmed it is kept offline. Once it is, click “I keep the key offline”.</translation>
    </message>
</context>
<context>
    <name>LayoutModel</name>
    <message>
        <source>行代码</source>
        <translation>Line code</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>项目(英文)</source>
        <translation>Item (English)</translation>
    </message>
    <message>
        <source>缩进</source>
        <translation>Indent</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>Side</translation>
    </message>
    <message>
        <source>取数科目</source>
        <translation>Accounts taken</translation>
    </message>
    <message>
        <source>合计的行</source>
        <translation>Lines totalled</translation>
    </message>
    <message>
        <source>借</source>
        <translation>Dr</translation>
    </message>
    <message>
        <source>贷</source>
        <translation>Cr</translation>
    </message>
    <message>
        <source>新项目</source>
        <translation>New item</translation>
    </message>
</context>
<context>
    <name>LayoutPage</name>
    <message>
        <source>报表格式</source>
        <translation>Statement layouts</translation>
    </message>
    <message>
        <source>插入行</source>
        <translation>Insert line</translation>
    </message>
    <message>
        <source>删除行</source>
        <translation>Delete line</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>放弃修改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>每行或取数(科目编码前缀,空格分隔,按行的方向取余额或发生额),或合计其他行(行代码,空格分隔,前加“-”表示减去)。资产负债表以最后一个顶格借方行与最后一个顶格贷方行核对平衡。保存后立即用于所有单位的报表。</source>
        <translation>Each line either takes accounts (code prefixes, separated by spaces; their balances or movements on the line's side) or totals other lines (line codes, separated by spaces; a leading '-' subtracts). The balance sheet checks the last top-level debit line against the last top-level credit line. A saved layout is used at once for every unit's statements.</translation>
    </message>
    <message>
        <source>系统预置格式</source>
        <translation>The shipped layout</translation>
    </message>
    <message>
        <source>{who} 于 {at} 调整</source>
        <translation>Adjusted by {who} at {at}</translation>
    </message>
    <message>
        <source>第 {row} 行填写有误:{what}</source>
        <translation>Line {row} is not right: {what}</translation>
    </message>
    <message>
        <source>报表格式已保存</source>
        <translation>Layout saved</translation>
    </message>
</context>
<context>
    <name>LedgerReports</name>
    <message>
        <source>会计科目</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>借</source>
        <translation>Dr</translation>
    </message>
    <message>
        <source>贷</source>
        <translation>Cr</translation>
    </message>
    <message>
        <source>平</source>
        <translation>Nil</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>Dr/Cr</translation>
    </message>
    <message>
        <source>余额</source>
        <translation>Balance</translation>
    </message>
    <message>
        <source>{month}月</source>
        <translation>Month {month}</translation>
    </message>
    <message>
        <source>上年结转</source>
        <translation>Brought forward</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>借方</source>
        <translation>Debit</translation>
    </message>
    <message>
        <source>贷方</source>
        <translation>Credit</translation>
    </message>
    <message>
        <source>本年累计借方</source>
        <translation>Year-to-date debit</translation>
    </message>
    <message>
        <source>本年累计贷方</source>
        <translation>Year-to-date credit</translation>
    </message>
    <message>
        <source>月末余额</source>
        <translation>Month-end balance</translation>
    </message>
    <message>
        <source>{code} {name} 月末余额(元)</source>
        <translation>{code} {name} month-end balance (yuan)</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>总账</source>
        <translation>General ledger</translation>
    </message>
    <message>
        <source>期初余额</source>
        <translation>Opening balances</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>凭证号</source>
        <translation>Voucher no.</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>科目</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>本期合计</source>
        <translation>Period total</translation>
    </message>
    <message>
        <source>只显示了前 {limit} 行,请缩短日期范围查看其余的行;本期合计和期末余额包括全部的行。</source>
        <translation>Only the first {limit} lines are shown; shorten the date range to see the rest. The period total and closing balance include every line.</translation>
    </message>
    <message>
        <source>明细账</source>
        <translation>Detail ledger</translation>
    </message>
</context>
<context>
    <name>ListTable</name>
    <message>
        <source>筛选…</source>
        <translation>Filter…</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>已锁屏</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <source>长时间未操作,为保护数据已锁定。请输入密码解锁。</source>
        <translation>Locked after a period without activity, to protect the data. Enter your password to unlock.</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Log out</translation>
    </message>
</context>
<context>
    <name>LoginController</name>
    <message>
        <source>会话已结束,请重新登录;窗口中的内容已保留。</source>
        <translation>Your session has ended; log in again. What is in the window has been kept.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录 Countersign</source>
        <translation>Log in to Countersign</translation>
    </message>
    <message>
        <source>服务器:{url}</source>
        <translation>Server: {url}</translation>
    </message>
    <message>
        <source>用户名:</source>
        <translation>Username:</translation>
    </message>
    <message>
        <source>密码:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>请设置新密码(首次登录、密码被重置或已过期时必须修改)。</source>
        <translation>Set a new password (required at first login, after a reset, or when it has expired).</translation>
    </message>
    <message>
        <source>新密码:</source>
        <translation>New password:</translation>
    </message>
    <message>
        <source>确认新密码:</source>
        <translation>Confirm new password:</translation>
    </message>
    <message>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>请用手机上的身份验证器(动态口令)应用扫描二维码,或手工输入下面的密钥,然后输入应用显示的 6 位动态口令。</source>
        <translation>Scan the QR code with the authenticator app on your phone, or type the secret below into it, then enter the 6-digit code the app shows.</translation>
    </message>
    <message>
        <source>密钥:</source>
        <translation>Secret:</translation>
    </message>
    <message>
        <source>动态口令:</source>
        <translation>Code:</translation>
    </message>
    <message>
        <source>确认绑定</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>以下 10 个恢复码只显示这一次。每个恢复码只能使用一次,可在手机不在身边时代替动态口令。请抄写或打印后妥善保管。</source>
        <translation>These 10 recovery codes are shown only this once. Each works once, in place of a code when your phone is not at hand. Write them down or print them and keep them safe.</translation>
    </message>
    <message>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>我已妥善保存,继续</source>
        <translation>I have stored them safely; continue</translation>
    </message>
    <message>
        <source>改用恢复码</source>
        <translation>Use a recovery code instead</translation>
    </message>
    <message>
        <source>验证</source>
        <translation>Verify</translation>
    </message>
    <message>
        <source>请输入用户名和密码</source>
        <translation>Enter your username and password</translation>
    </message>
    <message>
        <source>恢复码:</source>
        <translation>Recovery code:</translation>
    </message>
    <message>
        <source>输入一个尚未用过的恢复码。</source>
        <translation>Enter a recovery code you have not used yet.</translation>
    </message>
    <message>
        <source>输入身份验证器应用当前显示的 6 位动态口令。</source>
        <translation>Enter the 6-digit code your authenticator app shows now.</translation>
    </message>
</context>
<context>
    <name>MailPage</name>
    <message>
        <source>邮件通知</source>
        <translation>E-mail notifications</translation>
    </message>
    <message>
        <source>邮件服务器</source>
        <translation>Mail server</translation>
    </message>
    <message>
        <source>端口</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>加密方式</source>
        <translation>Security</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>发件人地址</source>
        <translation>Sender's address</translation>
    </message>
    <message>
        <source>启用</source>
        <translation>Enabled</translation>
    </message>
    <message>
        <source>测试收件人</source>
        <translation>Test recipient</translation>
    </message>
    <message>
        <source>发送邮件通知</source>
        <translation>Send e-mail notifications</translation>
    </message>
    <message>
        <source>邮件发送</source>
        <translation>E-mails sent</translation>
    </message>
    <message>
        <source>保存设置</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <source>发送测试邮件</source>
        <translation>Send test e-mail</translation>
    </message>
    <message>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>用户在工作台“设置 → 邮件通知”中填写邮箱并选择通知种类;客户端未打开时,服务器通过此邮件服务器发送。发送失败会自动重试,多次失败后标为发送失败,可在此查看错误并重试。密码加密保存在服务器上,不会显示。</source>
        <translation>Users give their address and choose the kinds of notice in the workbench under Settings &gt; E-mail notifications; while their client is closed, the server sends them through this mail server. A failed e-mail is retried automatically and marked failed after several attempts; see the error and retry it here. The password is kept encrypted on the server and never shown.</translation>
    </message>
    <message>
        <source>已保存,留空则不变</source>
        <translation>Saved; leave empty to keep it</translation>
    </message>
    <message>
        <source>无需登录时留空</source>
        <translation>Leave empty if no login is needed</translation>
    </message>
    <message>
        <source>邮件服务器设置已保存</source>
        <translation>Mail server settings saved</translation>
    </message>
    <message>
        <source>请填写测试收件人</source>
        <translation>Give a test recipient</translation>
    </message>
    <message>
        <source>测试邮件已排队发送至 {to},结果见下方邮件发送列表</source>
        <translation>Test e-mail queued for {to}; see how it went in the list below</translation>
    </message>
    <message>
        <source>只有发送失败的邮件可以重试</source>
        <translation>Only an e-mail that failed can be retried</translation>
    </message>
    <message>
        <source>已重新排队:{to}</source>
        <translation>Queued again: {to}</translation>
    </message>
</context>
<context>
    <name>MailSettingsDialog</name>
    <message>
        <source>邮件通知</source>
        <translation>E-mail notifications</translation>
    </message>
    <message>
        <source>电子邮件地址</source>
        <translation>E-mail address</translation>
    </message>
    <message>
        <source>客户端未打开时,通过电子邮件通知我</source>
        <translation>E-mail me while my client is closed</translation>
    </message>
    <message>
        <source>以下消息也发送邮件</source>
        <translation>Also e-mail these notices</translation>
    </message>
    <message>
        <source>系统管理员尚未启用邮件服务器,设置会保存,启用后开始发送。</source>
        <translation>The administrator has not turned the mail server on yet; your settings are kept and e-mails start once it is on.</translation>
    </message>
    <message>
        <source>邮件通知设置已保存</source>
        <translation>E-mail notification settings saved</translation>
    </message>
</context>
<context>
    <name>MaintenanceBanner</name>
    <message>
        <source>系统维护将于 {at} 开始,还有 {left}:{title}。请提前保存手头的工作。</source>
        <translation>System maintenance begins at {at}, in {left}: {title}. Save your work before then.</translation>
    </message>
    <message>
        <source>系统维护进行中,预计 {end} 结束:{title}</source>
        <translation>System maintenance under way until about {end}: {title}</translation>
    </message>
</context>
<context>
    <name>MessageLine</name>
    <message>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>问题反馈…</source>
        <translation>Report a problem…</translation>
    </message>
</context>
<context>
    <name>MonthsModel</name>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>结账人</source>
        <translation>Closed by</translation>
    </message>
    <message>
        <source>结账时间</source>
        <translation>Closed at</translation>
    </message>
    <message>
        <source>待处理</source>
        <translation>To fix</translation>
    </message>
    <message>
        <source>已结账(反结账待审批)</source>
        <translation>Closed (reopening awaits approval)</translation>
    </message>
    <message>
        <source>已结账</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>未结账</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>未结账(本月未结束)</source>
        <translation>Open (month not ended)</translation>
    </message>
</context>
<context>
    <name>MyDocumentsView</name>
    <message>
        <source>我的单据</source>
        <translation>My documents</translation>
    </message>
    <message>
        <source>审批记录</source>
        <translation>Approval record</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>打开修改</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>收回</source>
        <translation>Recall</translation>
    </message>
    <message>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <source>红字冲销</source>
        <translation>Reverse (red)</translation>
    </message>
    <message>
        <source>督办</source>
        <translation>Urge</translation>
    </message>
    <message>
        <source>导出电子档案</source>
        <translation>Export archive PDF</translation>
    </message>
    <message>
        <source>筛选:编号、对方、摘要、状态…</source>
        <translation>Filter: number, counterparty, summary, status…</translation>
    </message>
    <message>
        <source>驳回原因:{reason}</source>
        <translation>Rejected because: {reason}</translation>
    </message>
    <message>
        <source>退回原因:{reason}</source>
        <translation>Returned because: {reason}</translation>
    </message>
    <message>
        <source>已收回 {number},可修改后重新提交</source>
        <translation>{number} recalled; change it and submit again</translation>
    </message>
    <message>
        <source>删除原因(必填,将记入操作日志):</source>
        <translation>Reason for deleting (required, kept in the operation log):</translation>
    </message>
    <message>
        <source>已删除草稿 {number}</source>
        <translation>Draft {number} deleted</translation>
    </message>
    <message>
        <source>给审批人的话(可不填):</source>
        <translation>A word to the reviewers (optional):</translation>
    </message>
    <message>
        <source>已督办 {number},审批人会在首页看到</source>
        <translation>Urged {number}; the reviewers see it on their home screen</translation>
    </message>
    <message>
        <source>为 {number}(金额 {amount})生成红字冲销草稿?提交审核通过后原单据即被冲销。</source>
        <translation>Make a red reversal draft of {number} (amount {amount})? Once it is submitted and approved, the original is reversed.</translation>
    </message>
    <message>
        <source>已生成红字冲销草稿,请核对后提交</source>
        <translation>A red reversal draft was made; check it, then submit</translation>
    </message>
</context>
<context>
    <name>NewerClientNotice</name>
    <message>
        <source>下载安装</source>
        <translation>Download and install</translation>
    </message>
    <message>
        <source>有新版本 {version} 可用,请在方便时安装</source>
        <translation>Version {version} is available; install it when convenient</translation>
    </message>
    <message>
        <source>安装包已下载并核对无误,安装程序已启动</source>
        <translation>The installer was downloaded, checked and started</translation>
    </message>
</context>
<context>
    <name>NumberGaps</name>
    <message>
        <source>无断号</source>
        <translation>No gap</translation>
    </message>
    <message>
        <source> 等共 {n} 个</source>
        <translation> and more, {n} in all</translation>
    </message>
    <message>
        <source>编号已发出但没有对应单据。已编号单据不能删除,断号说明数据库被绕过服务器修改过,请核查数据库访问记录。</source>
        <translation>Numbers were given but no document holds them. A numbered document cannot be deleted, so a gap means the database was changed behind the server's back: check who accessed the database.</translation>
    </message>
</context>
<context>
    <name>NumberGapsPage</name>
    <message>
        <source>断号检查</source>
        <translation>Number gaps</translation>
    </message>
    <message>
        <source>年度(空为全部):</source>
        <translation>Year (empty for all):</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>每个期间、每类编号从 1 连续编号;编号在提交时取得,已编号的单据不能删除。这里列出每个期间每类编号的使用情况,正常情况下没有断号。</source>
        <translation>Each series is numbered from 1 without a gap in every period; a number is given on submission and a numbered document cannot be deleted. The list shows every period's series; normally there is no gap.</translation>
    </message>
    <message>
        <source>发现断号:{series} 个编号类别共缺 {n} 个编号</source>
        <translation>Gaps found: {n} numbers missing in {series} series</translation>
    </message>
    <message>
        <source>没有断号:{n} 个期间编号类别均连续</source>
        <translation>No gap: all {n} series of the periods are continuous</translation>
    </message>
    <message>
        <source>导出断号检查</source>
        <translation>Export number gaps</translation>
    </message>
    <message>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
</context>
<context>
    <name>OldDatabasesModel</name>
    <message>
        <source>旧数据库</source>
        <translation>Old database</translation>
    </message>
    <message>
        <source>大小(MB)</source>
        <translation>Size (MB)</translation>
    </message>
</context>
<context>
    <name>OpeningBalancesPage</name>
    <message>
        <source>期初余额</source>
        <translation>Opening balances</translation>
    </message>
    <message>
        <source>单位:</source>
        <translation>Unit:</translation>
    </message>
    <message>
        <source>启用月份:</source>
        <translation>Start month:</translation>
    </message>
    <message>
        <source>下载模板…</source>
        <translation>Download template…</translation>
    </message>
    <message>
        <source>导入 Excel…</source>
        <translation>Import Excel…</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>按科目编码或名称筛选…</source>
        <translation>Filter by account code or name…</translation>
    </message>
    <message>
        <source>录入单位启用本系统时各末级科目的余额(双击金额格编辑),每个科目只填借方或贷方。财务会计科目(1–5 类)与预算会计科目(6–8 类)须各自借贷平衡,启用月份才能结账;结账后期初余额不能再修改。</source>
        <translation>Enter each leaf account's balance as it stood when the unit started on Countersign (double-click an amount to edit), on the debit or the credit side only. Financial accounts (classes 1–5) and budget accounts (classes 6–8) must each balance before the start month can close; once it has closed, the opening balances can no longer change.</translation>
    </message>
    <message>
        <source>尚未录入期初余额</source>
        <translation>No opening balances entered yet</translation>
    </message>
    <message>
        <source>启用月份 {month},{who} 于 {at} 保存(第 {v} 版)</source>
        <translation>Start month {month}; saved by {who} at {at} (version {v})</translation>
    </message>
    <message>
        <source>;启用月份已结账,期初余额只读</source>
        <translation>; the start month is closed, so the opening balances are read-only</translation>
    </message>
    <message>
        <source>财务会计科目</source>
        <translation>Financial accounts</translation>
    </message>
    <message>
        <source>预算会计科目</source>
        <translation>Budget accounts</translation>
    </message>
    <message>
        <source>平衡</source>
        <translation>balanced</translation>
    </message>
    <message>
        <source>差额 {d}</source>
        <translation>difference {d}</translation>
    </message>
    <message>
        <source>{group}:借方 {debit},贷方 {credit},{verdict}</source>
        <translation>{group}: debits {debit}, credits {credit}, {verdict}</translation>
    </message>
    <message>
        <source>“{typed}”不是有效金额:不为负,最多两位小数</source>
        <translation>'{typed}' is not a valid amount: not negative, at most two decimals</translation>
    </message>
    <message>
        <source>期初余额已保存</source>
        <translation>Opening balances saved</translation>
    </message>
    <message>
        <source>保存期初余额模板</source>
        <translation>Save the opening balance template</translation>
    </message>
    <message>
        <source>模板已保存到 {path}</source>
        <translation>Template saved to {path}</translation>
    </message>
    <message>
        <source>选择要导入的文件</source>
        <translation>Choose the file to import</translation>
    </message>
    <message>
        <source>正在检查文件…</source>
        <translation>Checking the file…</translation>
    </message>
    <message>
        <source>已从文件读入 {n} 个科目的余额,核对无误后请保存</source>
        <translation>Read the balances of {n} accounts from the file; check them, then save</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>收件人</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <source>主题</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>尝试次数</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>最近错误</source>
        <translation>Last error</translation>
    </message>
    <message>
        <source>待重试({time})</source>
        <translation>To retry ({time})</translation>
    </message>
</context>
<context>
    <name>OwnPassword</name>
    <message>
        <source>密码已修改</source>
        <translation>Password changed</translation>
    </message>
    <message>
        <source>密码将在 {days} 天后过期,请及时修改</source>
        <translation>Your password expires in {days} days; please change it soon</translation>
    </message>
    <message>
        <source>密码即将过期</source>
        <translation>Password about to expire</translation>
    </message>
    <message>
        <source>。现在修改吗?</source>
        <translation>. Change it now?</translation>
    </message>
</context>
<context>
    <name>ParameterPanel</name>
    <message>
        <source>输入科目编码、名称或拼音首字母</source>
        <translation>Type an account code, name or pinyin initials</translation>
    </message>
</context>
<context>
    <name>Parameters</name>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>范围 {low} 到 {high}</source>
        <translation>range {low} to {high}</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>默认 {value}</source>
        <translation>default {value}</translation>
    </message>
    <message>
        <source>密码策略</source>
        <translation>Password policy</translation>
    </message>
    <message>
        <source>登录锁定</source>
        <translation>Login lockout</translation>
    </message>
    <message>
        <source>空闲锁定</source>
        <translation>Idle lock</translation>
    </message>
    <message>
        <source>阈值</source>
        <translation>Thresholds</translation>
    </message>
    <message>
        <source>备份计划与保留</source>
        <translation>Backup schedule and retention</translation>
    </message>
    <message>
        <source>双人复核</source>
        <translation>Four-eyes requests</translation>
    </message>
    <message>
        <source>客户端版本</source>
        <translation>Client version</translation>
    </message>
    <message>
        <source>记账</source>
        <translation>Posting</translation>
    </message>
    <message>
        <source>预算指标</source>
        <translation>Budget quotas</translation>
    </message>
    <message>
        <source>密码最短长度</source>
        <translation>Minimum password length</translation>
    </message>
    <message>
        <source>密码最长长度</source>
        <translation>Maximum password length</translation>
    </message>
    <message>
        <source>须包含字母</source>
        <translation>Must contain a letter</translation>
    </message>
    <message>
        <source>须包含数字</source>
        <translation>Must contain a digit</translation>
    </message>
    <message>
        <source>须包含特殊字符</source>
        <translation>Must contain a special character</translation>
    </message>
    <message>
        <source>不得重复使用最近几次密码</source>
        <translation>Recent passwords that may not be reused</translation>
    </message>
    <message>
        <source>密码有效期(天)</source>
        <translation>Password lifetime (days)</translation>
    </message>
    <message>
        <source>到期前提醒(天)</source>
        <translation>Expiry warning (days before)</translation>
    </message>
    <message>
        <source>连续登录失败锁定次数</source>
        <translation>Failed logins in a row before lockout</translation>
    </message>
    <message>
        <source>每次登录允许的动态口令错误次数</source>
        <translation>Wrong authenticator codes allowed per login</translation>
    </message>
    <message>
        <source>输入动态口令的时限(分钟)</source>
        <translation>Time to enter the authenticator code (minutes)</translation>
    </message>
    <message>
        <source>敏感操作重新验证间隔(分钟)</source>
        <translation>Re-verification interval for sensitive actions (minutes)</translation>
    </message>
    <message>
        <source>客户端空闲锁屏(分钟)</source>
        <translation>Client idle screen lock (minutes)</translation>
    </message>
    <message>
        <source>会话空闲过期(分钟)</source>
        <translation>Session idle expiry (minutes)</translation>
    </message>
    <message>
        <source>会话最长时间(小时)</source>
        <translation>Maximum session length (hours)</translation>
    </message>
    <message>
        <source>二次核对金额阈值(元)</source>
        <translation>Double-entry check threshold (yuan)</translation>
    </message>
    <message>
        <source>判重时间范围(天)</source>
        <translation>Duplicate check window (days)</translation>
    </message>
    <message>
        <source>大批量导出告警行数</source>
        <translation>Rows that make an export large (alert)</translation>
    </message>
    <message>
        <source>每日备份时间</source>
        <translation>Daily backup time</translation>
    </message>
    <message>
        <source>保留每日备份(天)</source>
        <translation>Keep daily backups (days)</translation>
    </message>
    <message>
        <source>保留每周备份(周)</source>
        <translation>Keep weekly backups (weeks)</translation>
    </message>
    <message>
        <source>启用双人复核</source>
        <translation>Use four-eyes requests</translation>
    </message>
    <message>
        <source>最低客户端版本</source>
        <translation>Minimum client version</translation>
    </message>
    <message>
        <source>记账作为单独步骤</source>
        <translation>Posting as a step of its own</translation>
    </message>
    <message>
        <source>涉及现金、银行的凭证须出纳签字</source>
        <translation>Cashier sign-off on cash and bank vouchers</translation>
    </message>
    <message>
        <source>支出按预算指标控制</source>
        <translation>Expenditures checked against quotas</translation>
    </message>
    <message>
        <source>支出须有预算指标</source>
        <translation>Expenditures need a quota</translation>
    </message>
    <message>
        <source>下次登录起生效</source>
        <translation>takes effect from the next login</translation>
    </message>
    <message>
        <source>达到该金额的单据须再次输入金额核对</source>
        <translation>documents of this amount or more need the amount typed a second time</translation>
    </message>
    <message>
        <source>办公时间;服务器每 5 分钟检查一次</source>
        <translation>office time; the server checks every 5 minutes</translation>
    </message>
    <message>
        <source>反结账、授予管理员或审计员岗位等须由另一位管理员批准。关闭须重新验证动态口令。</source>
        <translation>Reopening a period, granting the administrator or auditor role and the like need a second administrator's approval. Turning this off asks for your authenticator code again.</translation>
    </message>
    <message>
        <source>更旧的客户端不能登录,会提示下载安装包(见“客户端版本”)</source>
        <translation>An older client cannot log in and is offered the installer (see Client versions)</translation>
    </message>
    <message>
        <source>关闭时终审通过即记账;开启时由记账员(非制单人、非审核人)在“记账”页记账</source>
        <translation>Off: documents post at final approval. On: a poster (neither maker nor reviewer) posts them on the Posting page</translation>
    </message>
    <message>
        <source>记账作为单独步骤时,涉及库存现金、银行存款、零余额账户的凭证先由出纳签字</source>
        <translation>With posting as a step of its own, vouchers touching cash, bank or zero-balance accounts are first signed by the cashier</translation>
    </message>
    <message>
        <source>超出该单位该科目本年剩余指标的支出,提交和终审时拒绝(仅限已设指标的)</source>
        <translation>An expenditure over what is left of its unit's quota for the item this year is refused at submission and at final approval (only where a quota is set)</translation>
    </message>
    <message>
        <source>开启时,未设本年指标的单位和科目不能提交支出</source>
        <translation>When on, an expenditure cannot be submitted for a unit and item without a quota for the year</translation>
    </message>
</context>
<context>
    <name>ParametersPage</name>
    <message>
        <source>系统参数</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>只有系统管理员可以修改系统参数。</source>
        <translation>Only an administrator can change the parameters.</translation>
    </message>
    <message>
        <source>保存后立即生效:下一次登录、下一笔单据或下一次备份检查起按新值执行。放宽安全参数(如关闭双人复核、延长时限、降低密码要求)须另一位管理员审批后生效。</source>
        <translation>Changes take effect on saving: the next login, document or backup check uses the new values. Relaxing a security parameter (four eyes off, a longer time limit, a laxer password rule) takes effect only when another administrator approves.</translation>
    </message>
    <message>
        <source>已提交双人复核,等待另一位管理员审批 (申请编号 {id}):{names}</source>
        <translation>Filed for four eyes, waiting for another administrator (request no. {id}): {names}</translation>
    </message>
    <message>
        <source>已保存:{names}</source>
        <translation>Saved: {names}</translation>
    </message>
</context>
<context>
    <name>PasswordRules</name>
    <message>
        <source>至少 {n} 个字符</source>
        <translation>At least {n} characters</translation>
    </message>
    <message>
        <source>最多 {n} 个字符</source>
        <translation>At most {n} characters</translation>
    </message>
    <message>
        <source>包含字母</source>
        <translation>Contains a letter</translation>
    </message>
    <message>
        <source>包含数字</source>
        <translation>Contains a digit</translation>
    </message>
    <message>
        <source>包含特殊字符</source>
        <translation>Contains a special character</translation>
    </message>
    <message>
        <source>不包含用户名</source>
        <translation>Does not contain the username</translation>
    </message>
    <message>
        <source>两次输入一致</source>
        <translation>Both entries match</translation>
    </message>
</context>
<context>
    <name>PeopleFilters</name>
    <message>
        <source>制单人</source>
        <translation>Maker</translation>
    </message>
    <message>
        <source>审核人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>任何人(可输入姓名、用户名或拼音首字母)</source>
        <translation>Anyone (type a name, user name or pinyin initials)</translation>
    </message>
    <message>
        <source>审核过单据的人:通过、不通过或退回修改</source>
        <translation>Someone who decided on the document: approved, rejected or returned</translation>
    </message>
    <message>
        <source>只看我制的单</source>
        <translation>Only mine</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>导出权限(取代其岗位的)</source>
        <translation>Export right (instead of their roles')</translation>
    </message>
</context>
<context>
    <name>PeriodEdit</name>
    <message>
        <source>月报</source>
        <translation>Monthly</translation>
    </message>
    <message>
        <source>季报</source>
        <translation>Quarterly</translation>
    </message>
    <message>
        <source>年报</source>
        <translation>Yearly</translation>
    </message>
    <message>
        <source>{n} 月</source>
        <translation>Month {n}</translation>
    </message>
    <message>
        <source>第 {n} 季度</source>
        <translation>Q{n}</translation>
    </message>
</context>
<context>
    <name>Periods</name>
    <message>
        <source>{year} 年 {month} 月</source>
        <translation>{year}-{month}</translation>
    </message>
    <message>
        <source>未处理完毕</source>
        <translation>Unfinished</translation>
    </message>
    <message>
        <source>借贷不平</source>
        <translation>Unbalanced</translation>
    </message>
    <message>
        <source>已审核未记账</source>
        <translation>Approved, not posted</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>备份 {name}</source>
        <translation>Backup {name}</translation>
    </message>
    <message>
        <source>最新时间点</source>
        <translation>Latest point in time</translation>
    </message>
    <message>
        <source>时间点 {moment}</source>
        <translation>Point in time {moment}</translation>
    </message>
    <message>
        <source>{who}:新增岗位 {roles}</source>
        <translation>{who}: adds roles {roles}</translation>
    </message>
    <message>
        <source>待审批</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>已批准</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>已拒绝</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>已撤回</source>
        <translation>Withdrawn</translation>
    </message>
</context>
<context>
    <name>PeriodsPage</name>
    <message>
        <source>最近 {count} 个月的结账情况</source>
        <translation>The last {count} months</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>结账</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>申请反结账</source>
        <translation>Ask to reopen</translation>
    </message>
    <message>
        <source>请选择月份</source>
        <translation>Choose a month</translation>
    </message>
    <message>
        <source>正在读取…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>结账人:{name}</source>
        <translation>Closed by: {name}</translation>
    </message>
    <message>
        <source>结账时间:{at}</source>
        <translation>Closed at: {at}</translation>
    </message>
    <message>
        <source>本月单据:{count} 张</source>
        <translation>Documents this month: {count}</translation>
    </message>
    <message>
        <source>妨碍结账的单据({count} 张)</source>
        <translation>Documents keeping the month open ({count})</translation>
    </message>
    <message>
        <source>没有妨碍结账的单据</source>
        <translation>Nothing keeps the month open</translation>
    </message>
    <message>
        <source>反结账申请(编号 {id})等待另一位管理员审批。
申请人:{name}
申请时间:{at}
原因:{reason}</source>
        <translation>Reopening (request {id}) awaits a second administrator.
Asked by: {name}
Asked at: {at}
Reason: {reason}</translation>
    </message>
    <message>
        <source>审批前本月仍为已结账;可在“双人复核”页查看或撤回申请。</source>
        <translation>Until then the month stays closed; see or withdraw the request on the four-eyes page.</translation>
    </message>
    <message>
        <source>本月尚未结束,月末之后才能结账。</source>
        <translation>The month has not ended; it can be closed after its last day.</translation>
    </message>
    <message>
        <source>下列单据处理完毕(审核完成、删除或借贷平衡)后才能结账。</source>
        <translation>The month can close once these documents are finished (decided, deleted or balanced).</translation>
    </message>
    <message>
        <source>确定对 {month} 结账?

结账将记账本月已审核的单据,此后不能再录入日期在本月及以前的单据。</source>
        <translation>Close {month}?

Closing posts the month's approved documents; nothing dated in or before it can be entered afterwards.</translation>
    </message>
    <message>
        <source>{month} 已结账</source>
        <translation>{month} closed</translation>
    </message>
    <message>
        <source>反结账 {month}:请填写原因。须经另一位管理员在“双人复核”页批准后才生效。</source>
        <translation>Reopen {month}: give the reason. It takes effect when a second administrator approves it on the four-eyes page.</translation>
    </message>
    <message>
        <source>例如:补录上月漏记的收入</source>
        <translation>e.g. add last month's missed income</translation>
    </message>
    <message>
        <source>已提交反结账申请(编号 {id}),等待另一位管理员审批</source>
        <translation>Reopening requested (no. {id}); waiting for a second administrator</translation>
    </message>
    <message>
        <source>{month} 已反结账</source>
        <translation>{month} reopened</translation>
    </message>
</context>
<context>
    <name>PersonDialog</name>
    <message>
        <source>为个人设置导出权限</source>
        <translation>Set a person's export right</translation>
    </message>
    <message>
        <source>人员:</source>
        <translation>Person:</translation>
    </message>
    <message>
        <source>导出权限:</source>
        <translation>Export right:</translation>
    </message>
</context>
<context>
    <name>PersonPicker</name>
    <message>
        <source>{name}({username})</source>
        <translation>{name} ({username})</translation>
    </message>
</context>
<context>
    <name>PostDialog</name>
    <message>
        <source>修改审批岗位</source>
        <translation>Change approval post</translation>
    </message>
    <message>
        <source>新增审批岗位</source>
        <translation>New approval post</translation>
    </message>
    <message>
        <source>审批人:</source>
        <translation>Reviewer:</translation>
    </message>
    <message>
        <source>岗位:</source>
        <translation>Post:</translation>
    </message>
    <message>
        <source>单位(含下级):</source>
        <translation>Unit (with units below):</translation>
    </message>
    <message>
        <source>月度限额(元,空为不限):</source>
        <translation>Monthly limit (yuan, empty for none):</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>岗位决定能审批哪一级的单据(高一级可代低一级审批);月度限额是本月已审批金额的上限。保存需要重新验证动态口令,并记入操作日志。</source>
        <translation>The post decides which level of item the reviewer approves (a higher post may act for a lower one); the monthly limit caps the amount approved this month. Saving asks for a fresh authenticator code and is recorded in the operation log.</translation>
    </message>
</context>
<context>
    <name>Posting</name>
    <message>
        <source>本人制单</source>
        <translation>You made it</translation>
    </message>
    <message>
        <source>本人审核过</source>
        <translation>You reviewed it</translation>
    </message>
    <message>
        <source>本人已作出纳签字</source>
        <translation>You signed it as cashier</translation>
    </message>
</context>
<context>
    <name>PostingItemsModel</name>
    <message>
        <source>凭证号</source>
        <translation>Voucher no.</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>制单人</source>
        <translation>Maker</translation>
    </message>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
    <message>
        <source>出纳</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>无须</source>
        <translation>Not needed</translation>
    </message>
    <message>
        <source>已签字</source>
        <translation>Signed</translation>
    </message>
    <message>
        <source>待签字</source>
        <translation>To sign</translation>
    </message>
</context>
<context>
    <name>PostingPage</name>
    <message>
        <source>出纳签字</source>
        <translation>Cashier sign-off</translation>
    </message>
    <message>
        <source>记账</source>
        <translation>Posting</translation>
    </message>
    <message>
        <source>涉及库存现金、银行存款、零余额账户的已审核凭证,出纳核对收付后签字,然后才能记账。</source>
        <translation>Approved vouchers touching cash, bank or zero-balance accounts: the cashier checks the payment and signs before they can be posted.</translation>
    </message>
    <message>
        <source>已审核的凭证由记账员记账;制单人、审核人和签字的出纳不能为同一张凭证记账。</source>
        <translation>A poster posts approved vouchers; the maker, the reviewers and the signing cashier cannot post the same voucher.</translation>
    </message>
    <message>
        <source>出纳签字 Ctrl+Enter</source>
        <translation>Sign as cashier Ctrl+Enter</translation>
    </message>
    <message>
        <source>记账 Ctrl+Enter</source>
        <translation>Post Ctrl+Enter</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>筛选:凭证号、摘要、制单人…</source>
        <translation>Filter: voucher no., summary, maker…</translation>
    </message>
    <message>
        <source>您不能办理这张凭证:{reason}</source>
        <translation>You cannot act on this voucher: {reason}</translation>
    </message>
    <message>
        <source>已签字 {number},等待记账</source>
        <translation>Signed {number}; it waits for the poster</translation>
    </message>
    <message>
        <source>已记账 {number}</source>
        <translation>Posted {number}</translation>
    </message>
</context>
<context>
    <name>PostsModel</name>
    <message>
        <source>审批人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Post</translation>
    </message>
    <message>
        <source>单位(含下级)</source>
        <translation>Unit (with units below)</translation>
    </message>
    <message>
        <source>月度限额(元)</source>
        <translation>Monthly limit (yuan)</translation>
    </message>
    <message>
        <source>可审批金额</source>
        <translation>Approves</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <source>单据号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>借方合计</source>
        <translation>Debit total</translation>
    </message>
    <message>
        <source>贷方合计</source>
        <translation>Credit total</translation>
    </message>
    <message>
        <source>(未编号,ID {id})</source>
        <translation>(not numbered, ID {id})</translation>
    </message>
    <message>
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
</context>
<context>
    <name>Query</name>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>对方 / 摘要</source>
        <translation>Counterparty / summary</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>制单人</source>
        <translation>Maker</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Files</translation>
    </message>
    <message>
        <source>附件文件 {files} 个,附件张数 {count}</source>
        <translation>{files} file(s) attached; {count} attachment page(s) declared</translation>
    </message>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
</context>
<context>
    <name>QueryPage</name>
    <message>
        <source>查询</source>
        <translation>Query</translation>
    </message>
    <message>
        <source>导出电子档案…</source>
        <translation>Export archive copy…</translation>
    </message>
    <message>
        <source>所选单据及其全部附件,存为一个 PDF</source>
        <translation>The selected document with all its attachments, as one PDF</translation>
    </message>
    <message>
        <source>“{field}”没有对上任何一项:请从列表中选择,或清空它</source>
        <translation>“{field}” matches nothing: choose from the list or clear it</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>共 {count} 笔,金额合计 {amount}</source>
        <translation>{count} documents, total {amount}</translation>
    </message>
    <message>
        <source>{kind} {count} 笔 {amount}</source>
        <translation>{kind} {count}: {amount}</translation>
    </message>
    <message>
        <source>共 {count} 笔:</source>
        <translation>{count} documents: </translation>
    </message>
    <message>
        <source>查询结果清单</source>
        <translation>Query results</translation>
    </message>
    <message>
        <source>正在准备打印:已取得 {count} 笔…</source>
        <translation>Preparing to print: {count} fetched…</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已写出 {written} / {total} 行</source>
        <translation>{written} of {total} rows written</translation>
    </message>
    <message>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
    <message>
        <source>导出已取消</source>
        <translation>Export cancelled</translation>
    </message>
</context>
<context>
    <name>QueryPrint</name>
    <message>
        <source>查询条件</source>
        <translation>Filters</translation>
    </message>
    <message>
        <source>不限(权限范围内的全部单据)</source>
        <translation>None (every document in your scope)</translation>
    </message>
    <message>
        <source>打印人</source>
        <translation>Printed by</translation>
    </message>
    <message>
        <source>打印时间</source>
        <translation>Printed at</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>本表列出 {shown} 笔</source>
        <translation>{shown} listed</translation>
    </message>
    <message>
        <source>符合条件的共 {count} 笔,超过打印上限,本表只列出前 {shown} 笔。</source>
        <translation>{count} documents match, more than can be printed; only the first {shown} are listed.</translation>
    </message>
    <message>
        <source>请缩小查询条件分批打印,或导出 Excel 取得全部。</source>
        <translation>Narrow the filters and print in parts, or export to Excel for all of them.</translation>
    </message>
</context>
<context>
    <name>QuotaAdjustmentForm</name>
    <message>
        <source>指标调整(追加 / 调减)</source>
        <translation>Quota adjustment (increase / decrease)</translation>
    </message>
    <message>
        <source>追加</source>
        <translation>Increase</translation>
    </message>
    <message>
        <source>调减</source>
        <translation>Decrease</translation>
    </message>
    <message>
        <source>调整方向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>调整原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>QuotaDialog</name>
    <message>
        <source>修改 {year} 年年初指标</source>
        <translation>Change the {year} initial quota</translation>
    </message>
    <message>
        <source>设置 {year} 年年初指标</source>
        <translation>Set the {year} initial quota</translation>
    </message>
    <message>
        <source>预算单位:</source>
        <translation>Budget unit:</translation>
    </message>
    <message>
        <source>功能分类:</source>
        <translation>Functional item:</translation>
    </message>
    <message>
        <source>经济分类:</source>
        <translation>Economic item:</translation>
    </message>
    <message>
        <source>年初指标:</source>
        <translation>Initial quota:</translation>
    </message>
    <message>
        <source>请选择预算单位、功能分类和经济分类,并填写年初指标</source>
        <translation>Choose the budget unit, functional item and economic item, and enter the initial quota</translation>
    </message>
</context>
<context>
    <name>QuotaReports</name>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
    <message>
        <source>功能分类</source>
        <translation>Functional item</translation>
    </message>
    <message>
        <source>经济分类</source>
        <translation>Economic item</translation>
    </message>
    <message>
        <source>年初指标</source>
        <translation>Initial quota</translation>
    </message>
    <message>
        <source>追加</source>
        <translation>Increase</translation>
    </message>
    <message>
        <source>调减</source>
        <translation>Decrease</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Quota</translation>
    </message>
    <message>
        <source>已用</source>
        <translation>Used</translation>
    </message>
    <message>
        <source>审核中</source>
        <translation>In review</translation>
    </message>
    <message>
        <source>剩余</source>
        <translation>Left</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>指标、已用与审核中(元)</source>
        <translation>Quota, used and in review (yuan)</translation>
    </message>
    <message>
        <source>预算指标执行情况</source>
        <translation>Budget quota execution</translation>
    </message>
    <message>
        <source>年度</source>
        <translation>Year</translation>
    </message>
</context>
<context>
    <name>QuotasModel</name>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
    <message>
        <source>功能分类</source>
        <translation>Functional item</translation>
    </message>
    <message>
        <source>经济分类</source>
        <translation>Economic item</translation>
    </message>
    <message>
        <source>年初指标</source>
        <translation>Initial quota</translation>
    </message>
    <message>
        <source>追加</source>
        <translation>Increase</translation>
    </message>
    <message>
        <source>调减</source>
        <translation>Decrease</translation>
    </message>
    <message>
        <source>指标</source>
        <translation>Quota</translation>
    </message>
    <message>
        <source>已用</source>
        <translation>Used</translation>
    </message>
    <message>
        <source>审核中</source>
        <translation>In review</translation>
    </message>
    <message>
        <source>剩余</source>
        <translation>Left</translation>
    </message>
</context>
<context>
    <name>QuotasPage</name>
    <message>
        <source>预算指标</source>
        <translation>Budget quotas</translation>
    </message>
    <message>
        <source>年度:</source>
        <translation>Year:</translation>
    </message>
    <message>
        <source>设置指标…</source>
        <translation>Set quota…</translation>
    </message>
    <message>
        <source>修改年初指标…</source>
        <translation>Change initial quota…</translation>
    </message>
    <message>
        <source>下载导入模板</source>
        <translation>Download import template</translation>
    </message>
    <message>
        <source>从 Excel 导入…</source>
        <translation>Import from Excel…</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>每个预算单位按功能分类和经济分类设置年度指标。年中追加、调减由单位录入“指标调整单”,审核通过后计入指标。超出剩余指标(指标-已用-审核中)的支出在提交和终审时被拒绝。修改需要重新验证动态口令,并记入操作日志。</source>
        <translation>Each budget unit has a yearly quota per functional and economic item. Increases and decreases during the year are entered by the units as quota adjustments and count once approved. An expenditure over what is left (quota - used - in review) is refused at submission and at final approval. Changes need a fresh authenticator code and are recorded in the operation log.</translation>
    </message>
    <message>
        <source>已保存:{unit} {functional}/{economic} 年初指标 {amount} 元</source>
        <translation>Saved: {unit} {functional}/{economic} initial quota {amount} yuan</translation>
    </message>
    <message>
        <source>保存模板</source>
        <translation>Save template</translation>
    </message>
    <message>
        <source>模板已保存:{path}</source>
        <translation>Template saved: {path}</translation>
    </message>
    <message>
        <source>选择预算指标文件</source>
        <translation>Choose a budget quota file</translation>
    </message>
    <message>
        <source>已导入 {year} 年预算指标 {rows} 行,其中 {changed} 行有变化</source>
        <translation>Imported {rows} rows of {year} budget quotas; {changed} of them changed</translation>
    </message>
</context>
<context>
    <name>RecordForm</name>
    <message>
        <source>新建</source>
        <translation>New</translation>
    </message>
    <message>
        <source>保存草稿 (Ctrl+S)</source>
        <translation>Save draft (Ctrl+S)</translation>
    </message>
    <message>
        <source>提交 (Ctrl+Enter)</source>
        <translation>Submit (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
    <message>
        <source>收入项目</source>
        <translation>Income item</translation>
    </message>
    <message>
        <source>功能分类</source>
        <translation>Functional item</translation>
    </message>
    <message>
        <source>经济分类</source>
        <translation>Economic item</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>缴款人</source>
        <translation>Payer</translation>
    </message>
    <message>
        <source>收款人</source>
        <translation>Payee</translation>
    </message>
    <message>
        <source>收款账号</source>
        <translation>Payee account</translation>
    </message>
    <message>
        <source>开户银行</source>
        <translation>Payee bank</translation>
    </message>
    <message>
        <source>支付方式</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>附件张数</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>纸质附件说明</source>
        <translation>Paper pages kept outside</translation>
    </message>
</context>
<context>
    <name>ReferenceData</name>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
    <message>
        <source>收支项目</source>
        <translation>Budget item</translation>
    </message>
    <message>
        <source>会计科目</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>入账规则</source>
        <translation>Posting rule</translation>
    </message>
    <message>
        <source>编码</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>上级单位编码</source>
        <translation>Parent unit code</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>余额方向</source>
        <translation>Normal balance</translation>
    </message>
    <message>
        <source>单据类型</source>
        <translation>Document kind</translation>
    </message>
    <message>
        <source>项目编码(前缀)</source>
        <translation>Item code (prefix)</translation>
    </message>
    <message>
        <source>支付方式</source>
        <translation>Payment method</translation>
    </message>
    <message>
        <source>借方科目</source>
        <translation>Debit account</translation>
    </message>
    <message>
        <source>贷方科目</source>
        <translation>Credit account</translation>
    </message>
    <message>
        <source>借方科目名称</source>
        <translation>Debit account name</translation>
    </message>
    <message>
        <source>贷方科目名称</source>
        <translation>Credit account name</translation>
    </message>
    <message>
        <source>在用</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Disable</translation>
    </message>
    <message>
        <source>收入分类</source>
        <translation>Income classification</translation>
    </message>
    <message>
        <source>支出功能分类</source>
        <translation>Functional classification</translation>
    </message>
    <message>
        <source>支出经济分类</source>
        <translation>Economic classification</translation>
    </message>
    <message>
        <source>借</source>
        <translation>Dr</translation>
    </message>
    <message>
        <source>贷</source>
        <translation>Cr</translation>
    </message>
    <message>
        <source>收入</source>
        <translation>Income</translation>
    </message>
    <message>
        <source>支出</source>
        <translation>Expenditure</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>直接支付</source>
        <translation>Direct payment</translation>
    </message>
    <message>
        <source>授权支付</source>
        <translation>Authorised payment</translation>
    </message>
    <message>
        <source>预算单位按上级单位成树;建立后编码和上级不能修改。不再使用的单位请停用(先停用下级),已有单据仍然有效。</source>
        <translation>Budget units form a tree under their parent units; once created, the code and parent cannot change. Disable a unit no longer in use (its subordinate units first); existing documents stay valid.</translation>
    </message>
    <message>
        <source>收支项目按编码成树:3 位为类,每下一级加 2 位(如 205、20502)。只有在用的末级项目可以录入;已有单据的项目不能再增设下级。</source>
        <translation>Budget items form a tree by code: 3 digits for a class, 2 more for each level below (e.g. 205, 20502). Only active lowest-level items can be entered; an item with documents cannot get sub-items.</translation>
    </message>
    <message>
        <source>会计科目按编码成树:4 位为一级科目,每下一级加 2 位(如 1002、100201)。只有在用的末级科目可以记账;已记账的科目不能再增设下级,也不能改变余额方向。</source>
        <translation>Accounts form a tree by code: 4 digits for a top-level account, 2 more for each level below (e.g. 1002, 100201). Only active lowest-level accounts can be posted to; an account with postings cannot get sub-accounts or change its normal balance.</translation>
    </message>
    <message>
        <source>入账规则决定审核通过的收入、支出单据生成凭证时的借方和贷方科目:项目编码前缀最长的规则优先,指定支付方式的优先于不限的。不限项目的兜底规则不能停用。</source>
        <translation>Posting rules set the debit and credit accounts of the vouchers made from approved income and expenditure documents: the rule with the longest item code prefix wins, and one naming a payment method wins over one for any method. The catch-all rule for any item cannot be disabled.</translation>
    </message>
</context>
<context>
    <name>ReferenceDataPage</name>
    <message>
        <source>基础数据</source>
        <translation>Reference data</translation>
    </message>
    <message>
        <source>类别:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <source>按编码或名称查找</source>
        <translation>Find by code or name</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>导入 Excel</source>
        <translation>Import from Excel</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Disable</translation>
    </message>
    <message>
        <source>启用</source>
        <translation>Enable</translation>
    </message>
    <message>
        <source>已新增:{key}</source>
        <translation>Added: {key}</translation>
    </message>
    <message>
        <source>已修改:{key}</source>
        <translation>Changed: {key}</translation>
    </message>
    <message>
        <source>尚未连接服务器</source>
        <translation>Not connected to the server</translation>
    </message>
    <message>
        <source>已停用:{key}</source>
        <translation>Disabled: {key}</translation>
    </message>
    <message>
        <source>已启用:{key}</source>
        <translation>Enabled: {key}</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>已导出到:{path}</source>
        <translation>Exported to: {path}</translation>
    </message>
    <message>
        <source>选择要导入的文件</source>
        <translation>Choose the file to import</translation>
    </message>
    <message>
        <source>正在检查文件…</source>
        <translation>Checking the file…</translation>
    </message>
    <message>
        <source>已导入{what}:新增 {add} 条,修改 {change} 条</source>
        <translation>Imported {what}: {add} added, {change} changed</translation>
    </message>
</context>
<context>
    <name>ReportCatalog</name>
    <message>
        <source>开始日期</source>
        <translation>Start date</translation>
    </message>
    <message>
        <source>截止日期</source>
        <translation>End date</translation>
    </message>
    <message>
        <source>借</source>
        <translation>Dr</translation>
    </message>
    <message>
        <source>贷</source>
        <translation>Cr</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>科目编码</source>
        <translation>Account code</translation>
    </message>
    <message>
        <source>科目名称</source>
        <translation>Account name</translation>
    </message>
    <message>
        <source>方向</source>
        <translation>Dr/Cr</translation>
    </message>
    <message>
        <source>期初余额</source>
        <translation>Opening balances</translation>
    </message>
    <message>
        <source>本期借方</source>
        <translation>Period debit</translation>
    </message>
    <message>
        <source>本期贷方</source>
        <translation>Period credit</translation>
    </message>
    <message>
        <source>期末余额</source>
        <translation>Closing balance</translation>
    </message>
    <message>
        <source>科目余额表</source>
        <translation>Trial balance</translation>
    </message>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
    <message>
        <source>收支科目</source>
        <translation>Budget item</translation>
    </message>
    <message>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>汇总方式</source>
        <translation>Group by</translation>
    </message>
    <message>
        <source>按月份</source>
        <translation>By month</translation>
    </message>
    <message>
        <source>按预算单位</source>
        <translation>By budget unit</translation>
    </message>
    <message>
        <source>按收支科目</source>
        <translation>By budget item</translation>
    </message>
    <message>
        <source>收入</source>
        <translation>Income</translation>
    </message>
    <message>
        <source>支出</source>
        <translation>Expenditure</translation>
    </message>
    <message>
        <source>笔数</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>收入构成</source>
        <translation>Income by item</translation>
    </message>
    <message>
        <source>支出构成</source>
        <translation>Expenditure by item</translation>
    </message>
    <message>
        <source>收入与支出(元)</source>
        <translation>Income and expenditure (yuan)</translation>
    </message>
    <message>
        <source>收支汇总表</source>
        <translation>Income and expenditure summary</translation>
    </message>
    <message>
        <source>审批人</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>统计方式</source>
        <translation>Group by</translation>
    </message>
    <message>
        <source>按审批人</source>
        <translation>By reviewer</translation>
    </message>
    <message>
        <source>已办理</source>
        <translation>Decided</translation>
    </message>
    <message>
        <source>平均用时(小时)</source>
        <translation>Average (hours)</translation>
    </message>
    <message>
        <source>90%用时(小时)</source>
        <translation>90th percentile (hours)</translation>
    </message>
    <message>
        <source>超时比例</source>
        <translation>Overdue share</translation>
    </message>
    <message>
        <source>平均用时</source>
        <translation>Average time</translation>
    </message>
    <message>
        <source>审批效率</source>
        <translation>Approval efficiency</translation>
    </message>
</context>
<context>
    <name>ReportsModel</name>
    <message>
        <source>开始时间</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>行数</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>借方合计=贷方合计</source>
        <translation>Debit total = credit total</translation>
    </message>
    <message>
        <source>日志链</source>
        <translation>Log chain</translation>
    </message>
    <message>
        <source>保留的旧数据库</source>
        <translation>Old database kept</translation>
    </message>
    <message>
        <source>耗时(秒)</source>
        <translation>Time taken (s)</translation>
    </message>
    <message>
        <source>成功</source>
        <translation>Succeeded</translation>
    </message>
    <message>
        <source>失败:{problems}</source>
        <translation>Failed: {problems}</translation>
    </message>
    <message>
        <source>{name}(已删除)</source>
        <translation>{name} (dropped)</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>制表人:{who}    制表时间:{when}</source>
        <translation>Prepared by {who}    at {when}</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
    <message>
        <source>导出失败:{error}</source>
        <translation>Export failed: {error}</translation>
    </message>
    <message>
        <source>未导出:{error}</source>
        <translation>Not exported: {error}</translation>
    </message>
    <message>
        <source>统计报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>报表</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>运行</source>
        <translation>Run</translation>
    </message>
    <message>
        <source>导出 PDF…</source>
        <translation>Export to PDF…</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>保存版本</source>
        <translation>Save version</translation>
    </message>
    <message>
        <source>请选择{what}</source>
        <translation>Choose the {what}</translation>
    </message>
    <message>
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>共 {count} 行</source>
        <translation>{count} rows</translation>
    </message>
    <message>
        <source>导出 PDF</source>
        <translation>Export to PDF</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
</context>
<context>
    <name>RequestsModel</name>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>事项</source>
        <translation>Act</translation>
    </message>
    <message>
        <source>对象</source>
        <translation>Target</translation>
    </message>
    <message>
        <source>申请人</source>
        <translation>Asked by</translation>
    </message>
    <message>
        <source>申请时间</source>
        <translation>Asked at</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>RequestsPage</name>
    <message>
        <source>状态:</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>筛选:事项、对象、申请人…</source>
        <translation>Filter: action, subject, requester…</translation>
    </message>
    <message>
        <source>全部(待审批在前)</source>
        <translation>All (pending first)</translation>
    </message>
    <message>
        <source>批准</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>拒绝</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>申请详情</source>
        <translation>Request</translation>
    </message>
    <message>
        <source>编号:</source>
        <translation>No.:</translation>
    </message>
    <message>
        <source>事项:</source>
        <translation>Act:</translation>
    </message>
    <message>
        <source>对象:</source>
        <translation>Target:</translation>
    </message>
    <message>
        <source>原因:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>申请人:</source>
        <translation>Asked by:</translation>
    </message>
    <message>
        <source>申请时间:</source>
        <translation>Asked at:</translation>
    </message>
    <message>
        <source>处理人:</source>
        <translation>Decided by:</translation>
    </message>
    <message>
        <source>处理时间:</source>
        <translation>Decided at:</translation>
    </message>
    <message>
        <source>处理意见:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>待审批 {count} 项</source>
        <translation>{count} pending</translation>
    </message>
    <message>
        <source>不能审批自己提出的申请,须由另一位管理员审批</source>
        <translation>You cannot approve your own request; another administrator must</translation>
    </message>
    <message>
        <source>(本人)</source>
        <translation>(you)</translation>
    </message>
    <message>
        <source>{action} {target}(编号 {id})</source>
        <translation>{action} {target} (no. {id})</translation>
    </message>
    <message>
        <source>初始密码</source>
        <translation>Initial password</translation>
    </message>
    <message>
        <source>已批准。账号 {username} 的新初始密码(只显示这一次,请交给本人;首次登录时须修改密码并绑定动态口令):

{password}</source>
        <translation>Approved. The new initial password of account {username} (shown this once; hand it to the person, who must change it and enrol an authenticator at the first login):

{password}</translation>
    </message>
    <message>
        <source>已批准:{request}。恢复已开始,系统进入维护模式;进度见“数据备份”</source>
        <translation>Approved: {request}. The restore has begun and the system is in maintenance mode; follow its progress on the Backups page</translation>
    </message>
    <message>
        <source>批准 {request} 后恢复立即开始:服务器进入维护模式,所有用户暂停使用,直到恢复完成并切换到恢复后的数据。审批意见(可不填):</source>
        <translation>Approving {request} starts the restore at once: the server goes into maintenance and nobody can work until the restore is done and the restored data is switched in. Note (optional):</translation>
    </message>
    <message>
        <source>批准申请</source>
        <translation>Approve request</translation>
    </message>
    <message>
        <source>批准 {request} 后立即生效。审批意见(可不填):</source>
        <translation>{request} takes effect when approved. Note (optional):</translation>
    </message>
    <message>
        <source>已批准:{request}</source>
        <translation>Approved: {request}</translation>
    </message>
    <message>
        <source>拒绝申请</source>
        <translation>Refuse request</translation>
    </message>
    <message>
        <source>拒绝 {request}:请填写拒绝理由。</source>
        <translation>Refuse {request}: say why.</translation>
    </message>
    <message>
        <source>已拒绝:{request}</source>
        <translation>Refused: {request}</translation>
    </message>
    <message>
        <source>撤回申请</source>
        <translation>Withdraw request</translation>
    </message>
    <message>
        <source>撤回 {request}?撤回后须重新提出申请。</source>
        <translation>Withdraw {request}? It has to be filed again afterwards.</translation>
    </message>
    <message>
        <source>已撤回:{request}</source>
        <translation>Withdrawn: {request}</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>从备份恢复</source>
        <translation>Restore from a backup</translation>
    </message>
    <message>
        <source>按时间点恢复</source>
        <translation>Point-in-time restore</translation>
    </message>
    <message>
        <source>备份文件:</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>恢复到:</source>
        <translation>Restore to:</translation>
    </message>
    <message>
        <source>恢复原因:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>必填,例如:误删本月凭证,恢复到昨晚</source>
        <translation>Required, e.g. this month's vouchers deleted by mistake; restore to last night</translation>
    </message>
    <message>
        <source>最新</source>
        <translation>Latest</translation>
    </message>
    <message>
        <source>恢复到日志归档所及的最后时刻</source>
        <translation>Restore to the last moment the WAL archive reaches</translation>
    </message>
    <message>
        <source>{mark}{name}({at},{state})</source>
        <translation>{mark}{name} ({at}, {state})</translation>
    </message>
    <message>
        <source>提交后须由另一位管理员在“双人复核”中批准才会执行。执行时系统进入维护模式,其他用户暂停使用;数据恢复到新数据库并核对无误后才替换当前数据库,当前数据库改名保留,直到管理员删除。</source>
        <translation>Once submitted, it runs only after a second administrator approves it on the four-eyes page. While it runs the system is in maintenance mode and other users must wait; the data is restored into a new database, which replaces the current one only after it checks out. The current database is renamed and kept until an administrator drops it.</translation>
    </message>
    <message>
        <source>提交恢复计划</source>
        <translation>Submit restore plan</translation>
    </message>
    <message>
        <source>请选择要恢复的备份文件</source>
        <translation>Choose the backup file to restore</translation>
    </message>
    <message>
        <source>这个备份未通过验证,不能用于恢复,请另选一个</source>
        <translation>This backup failed verification and cannot be restored; choose another</translation>
    </message>
    <message>
        <source>请填写恢复原因(至少 2 个字)</source>
        <translation>Give the reason for the restore (at least 2 characters)</translation>
    </message>
    <message>
        <source>恢复时间点须在 {earliest} 与现在之间</source>
        <translation>The point in time must be between {earliest} and now</translation>
    </message>
</context>
<context>
    <name>RestorePanel</name>
    <message>
        <source>数据恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>从所选备份恢复…</source>
        <translation>Restore from the chosen backup…</translation>
    </message>
    <message>
        <source>按时间点恢复…</source>
        <translation>Point-in-time restore…</translation>
    </message>
    <message>
        <source>恢复报告(核对结果)</source>
        <translation>Restore reports (checks)</translation>
    </message>
    <message>
        <source>恢复前的旧数据库(保留备查)</source>
        <translation>Databases from before a restore (kept for reference)</translation>
    </message>
    <message>
        <source>删除旧数据库</source>
        <translation>Drop old database</translation>
    </message>
    <message>
        <source>恢复计划 {id}({target},{who} 于 {at} 提交,原因:{reason})等待另一位管理员在“双人复核”中批准</source>
        <translation>Restore plan {id} ({target}, submitted by {who} at {at}, reason: {reason}) awaits a second administrator's approval on the four-eyes page</translation>
    </message>
    <message>
        <source>恢复计划已提交(申请编号 {id}),须由另一位管理员在“双人复核”中批准后执行</source>
        <translation>Restore plan submitted (request {id}); it runs once a second administrator approves it on the four-eyes page</translation>
    </message>
    <message>
        <source>尚未连接服务器</source>
        <translation>Not connected to the server</translation>
    </message>
    <message>
        <source>删除恢复前保留的旧数据库 {name}?删除后无法找回;请先确认恢复后的数据无误。需要输入动态口令。</source>
        <translation>Drop the pre-restore database {name}? It cannot be recovered afterwards; first make sure the restored data is correct. Your authenticator code is needed.</translation>
    </message>
    <message>
        <source>已删除旧数据库 {name}</source>
        <translation>Old database {name} dropped</translation>
    </message>
</context>
<context>
    <name>ReturnDialog</name>
    <message>
        <source>退回报表版本</source>
        <translation>Return the report version</translation>
    </message>
    <message>
        <source>退回原因</source>
        <translation>Reason for returning</translation>
    </message>
    <message>
        <source>请填写退回原因</source>
        <translation>Write why it is returned</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>正常</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>临期</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <source>超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>(代 {name})</source>
        <translation> (for {name})</translation>
    </message>
    <message>
        <source>(委托)</source>
        <translation> (delegated)</translation>
    </message>
</context>
<context>
    <name>ReviewItemsModel</name>
    <message>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>对方 / 摘要</source>
        <translation>Counterparty / summary</translation>
    </message>
    <message>
        <source>制单人</source>
        <translation>Maker</translation>
    </message>
    <message>
        <source>环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>截止时间</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>预算单位</source>
        <translation>Budget unit</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>审核 / 审批</source>
        <translation>Review / approval</translation>
    </message>
    <message>
        <source>待办</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已办</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>筛选:编号、对方、摘要、制单人…</source>
        <translation>Filter: number, counterparty, summary, maker…</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>休假委托…</source>
        <translation>Leave…</translation>
    </message>
    <message>
        <source>审批意见(驳回、退回必须写明原因) Ctrl+O</source>
        <translation>Opinion (a reason is required to reject or return) Ctrl+O</translation>
    </message>
    <message>
        <source>审核通过 Ctrl+Enter</source>
        <translation>Approve Ctrl+Enter</translation>
    </message>
    <message>
        <source>审核不通过 Ctrl+R</source>
        <translation>Reject Ctrl+R</translation>
    </message>
    <message>
        <source>退回修改 Ctrl+B</source>
        <translation>Return Ctrl+B</translation>
    </message>
    <message>
        <source>委托 Ctrl+D</source>
        <translation>Delegate Ctrl+D</translation>
    </message>
    <message>
        <source>收回审批</source>
        <translation>Take back approval</translation>
    </message>
    <message>
        <source>已审核通过 {number}</source>
        <translation>{number} approved</translation>
    </message>
    <message>
        <source>已驳回 {number}</source>
        <translation>{number} rejected</translation>
    </message>
    <message>
        <source>已退回 {number},等待制单人修改</source>
        <translation>{number} returned to its maker for correction</translation>
    </message>
    <message>
        <source>驳回或退回必须写明具体原因(哪一项、错在哪里),“不同意”“有误”之类不算</source>
        <translation>Say specifically what is wrong and where to reject or return; 'no' or 'wrong' is not a reason</translation>
    </message>
    <message>
        <source>已委托 {number} 给 {name}</source>
        <translation>{number} delegated to {name}</translation>
    </message>
    <message>
        <source>已收回对 {number} 的审批,单据回到您的待办</source>
        <translation>Approval of {number} taken back; the item is on your to-do list again</translation>
    </message>
</context>
<context>
    <name>ReviewerPosts</name>
    <message>
        <source>普通事项:无</source>
        <translation>Ordinary items: none</translation>
    </message>
    <message>
        <source>不限金额</source>
        <translation>Any amount</translation>
    </message>
    <message>
        <source>至 {amount}</source>
        <translation>Up to {amount}</translation>
    </message>
    <message>
        <source>,及重大事项的审批步骤</source>
        <translation>, and steps of major items</translation>
    </message>
</context>
<context>
    <name>ReviewerPostsPage</name>
    <message>
        <source>审批岗位</source>
        <translation>Approval posts</translation>
    </message>
    <message>
        <source>新增岗位</source>
        <translation>New post</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>结束岗位</source>
        <translation>End post</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>筛选:审批人、岗位、单位…</source>
        <translation>Filter: reviewer, post, unit…</translation>
    </message>
    <message>
        <source>审核员须有审批岗位才能审批:岗位在某单位即管该单位及其下级单位的单据,高一级岗位可代低一级审批。可审批金额由审批规则决定(见“审批规则”)。保存需要重新验证动态口令,并记入操作日志。</source>
        <translation>A reviewer approves only with an approval post: a post at a unit covers that unit and the units below it, and a higher post may act for a lower one. How much a post approves is set by the approval rules (see Approval rules). Saving asks for a fresh authenticator code and is recorded in the operation log.</translation>
    </message>
    <message>
        <source>以下审核员还没有审批岗位,目前什么也不能审批:{names}</source>
        <translation>These reviewers have no approval post yet and can approve nothing: {names}</translation>
    </message>
    <message>
        <source>已保存审批岗位:{post}</source>
        <translation>Approval post saved: {post}</translation>
    </message>
    <message>
        <source>已结束审批岗位:{post}</source>
        <translation>Approval post ended: {post}</translation>
    </message>
    <message>
        <source>结束审批岗位</source>
        <translation>End approval post</translation>
    </message>
    <message>
        <source>结束 {post}?此后此人不能再以该岗位审批,已审批的不受影响。</source>
        <translation>End {post}? This person can no longer approve with this post; what they approved stays approved.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>业务操作员</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <source>审核员</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>统计分析员</source>
        <translation>Analyst</translation>
    </message>
    <message>
        <source>系统管理员</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>审计员</source>
        <translation>Auditor</translation>
    </message>
    <message>
        <source>记账员</source>
        <translation>Poster</translation>
    </message>
    <message>
        <source>出纳</source>
        <translation>Cashier</translation>
    </message>
</context>
<context>
    <name>RolesMatrix</name>
    <message>
        <source>录入与提交单据</source>
        <translation>Enter and submit documents</translation>
    </message>
    <message>
        <source>审核审批</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>休假委托</source>
        <translation>Leave delegation</translation>
    </message>
    <message>
        <source>查询与导出</source>
        <translation>Query and export</translation>
    </message>
    <message>
        <source>统计报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>审计与监控</source>
        <translation>Audit and monitoring</translation>
    </message>
    <message>
        <source>系统管理</source>
        <translation>Administration</translation>
    </message>
    <message>
        <source>记账</source>
        <translation>Posting</translation>
    </message>
    <message>
        <source>出纳签字</source>
        <translation>Cashier sign-off</translation>
    </message>
    <message>
        <source>报表格式</source>
        <translation>Statement layouts</translation>
    </message>
    <message>
        <source>报表审核</source>
        <translation>Report sign-off</translation>
    </message>
    <message>
        <source>录入、修改、提交、收回单据,删除草稿,红字冲销,批量导入</source>
        <translation>Enter, edit, submit and recall documents, delete drafts, red reversals, batch import</translation>
    </message>
    <message>
        <source>审核通过、驳回、退回修改、委托;不能审批本人的单据或同一单据的两级,且以审批权限为限</source>
        <translation>Approve, reject, return for correction, delegate; not one's own documents nor two steps of the same document, and within one's approval authority</translation>
    </message>
    <message>
        <source>休假期间指定代理审批人</source>
        <translation>Name a stand-in reviewer while on leave</translation>
    </message>
    <message>
        <source>在数据范围内查询单据和分录,导出 Excel</source>
        <translation>Query documents and entries within one's data scope, export to Excel</translation>
    </message>
    <message>
        <source>科目余额表、总账、明细账、收支汇总、审批效率、日常业务量</source>
        <translation>Trial balance, general ledger, detail ledger, income and expenditure summary, approval efficiency, daily operations</translation>
    </message>
    <message>
        <source>告警、操作日志查询与校验、凭证断号检查、系统使用情况、角色权限</source>
        <translation>Alerts, operation log query and verification, voucher number gap check, system usage, roles and permissions</translation>
    </message>
    <message>
        <source>用户与权限、审批规则、基础数据、系统参数、结账、数据备份与恢复、双人复核</source>
        <translation>Users and permissions, approval rules, reference data, parameters, period close, backup and restore, four-eyes requests</translation>
    </message>
    <message>
        <source>记账单独作为一步时,为已审核的凭证记账;不能为本人制单或审核过的凭证记账</source>
        <translation>Where posting is a step of its own, post approved vouchers; never one you made or reviewed</translation>
    </message>
    <message>
        <source>涉及现金、银行的凭证记账前签字;不能为本人制单、审核或记账的凭证签字</source>
        <translation>Sign vouchers touching cash or bank before they post; never one you made, reviewed or post</translation>
    </message>
    <message>
        <source>调整资产负债表、收入费用表、预算收入支出表的行次与取数科目</source>
        <translation>Adjust the lines of the balance sheet, income and expense statement and budget execution statement, and the accounts each line takes</translation>
    </message>
    <message>
        <source>签字确认或退回已保存的报表版本;不能签署本人编制的版本</source>
        <translation>Sign off or return saved report versions; never a version one prepared oneself</translation>
    </message>
</context>
<context>
    <name>RolesMatrixModel</name>
    <message>
        <source>{role}
{n} 人</source>
        <translation>{role}
{n} holders</translation>
    </message>
    <message>
        <source>职责分离:担任{role}的用户不具备此权限,即使兼任其他岗位</source>
        <translation>Separation of duties: users holding the {role} role do not have this permission, even if they hold other roles</translation>
    </message>
    <message>
        <source>{permission}:兼任{roles}的用户不具备此权限(职责分离)</source>
        <translation>{permission}: users who also hold {roles} do not have this permission (separation of duties)</translation>
    </message>
</context>
<context>
    <name>RolesPage</name>
    <message>
        <source>角色权限</source>
        <translation>Roles and permissions</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>此表即服务器检查权限所用的表。人数为持有该岗位的启用账号;一人可兼任多个岗位,岗位在“用户管理”中授予。数据范围(预算单位)和逐单规则(不审批本人单据、以审批权限为限)另行检查。将鼠标停在权限上可看到它包括的操作。</source>
        <translation>This is the table the server checks permissions against. The count is the active accounts holding the role; one person can hold several roles, granted on the Users page. Data scope (budget units) and per-document rules (no approving one's own documents, within one's approval authority) are checked separately. Hover over a permission to see the actions it covers.</translation>
    </message>
</context>
<context>
    <name>RowDialog</name>
    <message>
        <source>新增{what}</source>
        <translation>Add {what}</translation>
    </message>
    <message>
        <source>修改{what}</source>
        <translation>Edit {what}</translation>
    </message>
</context>
<context>
    <name>RuleDialog</name>
    <message>
        <source>修改审批规则</source>
        <translation>Edit approval rule</translation>
    </message>
    <message>
        <source>新增审批规则</source>
        <translation>New approval rule</translation>
    </message>
    <message>
        <source>优先顺序(小者先匹配):</source>
        <translation>Priority (lower matches first):</translation>
    </message>
    <message>
        <source>规则名称:</source>
        <translation>Rule name:</translation>
    </message>
    <message>
        <source>单据类型:</source>
        <translation>Document kind:</translation>
    </message>
    <message>
        <source>适用单位(含下级):</source>
        <translation>Unit (with the units below it):</translation>
    </message>
    <message>
        <source>金额下限(元):</source>
        <translation>Minimum amount (yuan):</translation>
    </message>
    <message>
        <source>金额上限(元,空为不限):</source>
        <translation>Maximum amount (yuan, empty for none):</translation>
    </message>
    <message>
        <source>重大事项(快速通道)</source>
        <translation>Major matter (fast track)</translation>
    </message>
    <message>
        <source>启用</source>
        <translation>Enable</translation>
    </message>
    <message>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <source>审批步骤(按顺序,每步一个岗位):</source>
        <translation>Approval steps (in order, one role each):</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>添加步骤</source>
        <translation>Add step</translation>
    </message>
    <message>
        <source>删除最后一步</source>
        <translation>Remove last step</translation>
    </message>
</context>
<context>
    <name>RulesModel</name>
    <message>
        <source>优先顺序</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>规则名称</source>
        <translation>Rule name</translation>
    </message>
    <message>
        <source>单据类型</source>
        <translation>Document kind</translation>
    </message>
    <message>
        <source>适用单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>金额范围(审批权限)</source>
        <translation>Amount range (approval authority)</translation>
    </message>
    <message>
        <source>审批步骤(岗位与期限)</source>
        <translation>Approval steps (role and deadline)</translation>
    </message>
    <message>
        <source>重大事项</source>
        <translation>Major matter</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>启用</source>
        <translation>Enable</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Disable</translation>
    </message>
</context>
<context>
    <name>RunBox</name>
    <message>
        <source>状态:</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>方式:</source>
        <translation>Started by:</translation>
    </message>
    <message>
        <source>开始时间:</source>
        <translation>Started:</translation>
    </message>
    <message>
        <source>结束时间:</source>
        <translation>Finished:</translation>
    </message>
    <message>
        <source>阶段:</source>
        <translation>Phase:</translation>
    </message>
    <message>
        <source>恢复计划:</source>
        <translation>Restore plan:</translation>
    </message>
    <message>
        <source>备份文件:</source>
        <translation>File:</translation>
    </message>
    <message>
        <source>来源:</source>
        <translation>Source:</translation>
    </message>
    <message>
        <source>原数据库保留为:</source>
        <translation>Original database kept as:</translation>
    </message>
    <message>
        <source>问题:</source>
        <translation>Problems:</translation>
    </message>
    <message>
        <source>按保留规则删除:</source>
        <translation>Removed by retention:</translation>
    </message>
    <message>
        <source>正在进行的备份</source>
        <translation>Backup in progress</translation>
    </message>
    <message>
        <source>最近一次备份</source>
        <translation>Last backup</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>正在进行的恢复</source>
        <translation>Restore in progress</translation>
    </message>
    <message>
        <source>最近一次恢复</source>
        <translation>Last restore</translation>
    </message>
    <message>
        <source>编号 {id}</source>
        <translation>No. {id}</translation>
    </message>
</context>
<context>
    <name>ScannerOfferDialog</name>
    <message>
        <source>从扫描文件夹添加</source>
        <translation>Add from scanner folder</translation>
    </message>
    <message>
        <source>扫描文件夹中的新文件(勾选要添加的):</source>
        <translation>New files in the scanner folder (tick those to add):</translation>
    </message>
</context>
<context>
    <name>ServerInfoPanel</name>
    <message>
        <source>服务器</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>证书指纹</source>
        <translation>Certificate fingerprint</translation>
    </message>
    <message>
        <source>服务器版本</source>
        <translation>Server version</translation>
    </message>
    <message>
        <source>数据库</source>
        <translation>Database</translation>
    </message>
    <message>
        <source>数据库结构版本</source>
        <translation>Database schema revision</translation>
    </message>
    <message>
        <source>服务器时间</source>
        <translation>Server time</translation>
    </message>
    <message>
        <source>未信任</source>
        <translation>Not trusted</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>不可用</source>
        <translation>Unavailable</translation>
    </message>
</context>
<context>
    <name>SheetModel</name>
    <message>
        <source>科目编码</source>
        <translation>Account code</translation>
    </message>
    <message>
        <source>科目名称</source>
        <translation>Account name</translation>
    </message>
    <message>
        <source>余额方向</source>
        <translation>Normal side</translation>
    </message>
    <message>
        <source>借方余额</source>
        <translation>Debit</translation>
    </message>
    <message>
        <source>贷方余额</source>
        <translation>Credit</translation>
    </message>
    <message>
        <source>借</source>
        <translation>Dr</translation>
    </message>
    <message>
        <source>贷</source>
        <translation>Cr</translation>
    </message>
</context>
<context>
    <name>ShellWindow</name>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>连接设置(&amp;C)…</source>
        <translation>&amp;Connection settings…</translation>
    </message>
    <message>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>锁屏(&amp;L)</source>
        <translation>&amp;Lock screen</translation>
    </message>
    <message>
        <source>退出登录(&amp;O)</source>
        <translation>Log &amp;out</translation>
    </message>
    <message>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>语言 / Language</source>
        <translation>Language / 语言</translation>
    </message>
    <message>
        <source>修改密码(&amp;P)…</source>
        <translation>Change &amp;password…</translation>
    </message>
    <message>
        <source>扫描文件夹(&amp;D)…</source>
        <translation>Scanner &amp;folder…</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>关于 Countersign(&amp;A)</source>
        <translation>&amp;About Countersign</translation>
    </message>
    <message>
        <source>服务器信息(&amp;I)…</source>
        <translation>Server &amp;information…</translation>
    </message>
    <message>
        <source>问题反馈(&amp;R)…</source>
        <translation>&amp;Report a problem…</translation>
    </message>
    <message>
        <source>使用手册(&amp;M)</source>
        <translation>&amp;Manual</translation>
    </message>
    <message>
        <source>本页帮助(&amp;H)</source>
        <translation>&amp;Help on this screen</translation>
    </message>
    <message>
        <source>用户:{name}({username})</source>
        <translation>User: {name} ({username})</translation>
    </message>
    <message>
        <source>未登录</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>连接设置</source>
        <translation>Connection settings</translation>
    </message>
    <message>
        <source>本机已由系统管理员设定为连接 {url},并只信任其证书。</source>
        <translation>Your administrator set this computer up to connect to {url} and to trust only its certificate.</translation>
    </message>
    <message>
        <source>服务器 {address} 出示的证书与本机已信任的证书不同,连接已被拒绝。
这可能是有人冒充服务器。请联系系统管理员核实。

已信任的指纹:
{expected}

服务器出示的指纹:
{presented}

</source>
        <translation>The server {address} presented a certificate other than the one this computer trusts, so the connection was refused.
Someone may be impersonating the server. Contact your administrator to check.

Trusted fingerprint:
{expected}

Fingerprint presented by the server:
{presented}

</translation>
    </message>
    <message>
        <source>本机的服务器设置由系统管理员统一配置,请联系系统管理员处理。</source>
        <translation>Your administrator set up this computer's server: contact them.</translation>
    </message>
    <message>
        <source>若管理员确认更换了证书,请在“文件 → 连接设置”中清除已信任的证书后重新连接。</source>
        <translation>If the administrator confirms the certificate was replaced, forget the trusted certificate in "File → Connection settings" and connect again.</translation>
    </message>
    <message>
        <source>服务器证书已变化</source>
        <translation>Server certificate changed</translation>
    </message>
    <message>
        <source>选择扫描仪保存文件的文件夹</source>
        <translation>Choose the folder your scanner saves to</translation>
    </message>
    <message>
        <source>服务器信息</source>
        <translation>Server information</translation>
    </message>
    <message>
        <source>请先登录,再发送问题反馈</source>
        <translation>Sign in first, then send the problem report</translation>
    </message>
    <message>
        <source>关于 Countersign</source>
        <translation>About Countersign</translation>
    </message>
    <message>
        <source>Countersign {version}
国库会计数据集中系统客户端</source>
        <translation>Countersign {version}
Treasury accounting data-centralisation client</translation>
    </message>
    <message>
        <source>有未保存的输入</source>
        <translation>Unsaved input</translation>
    </message>
    <message>
        <source>{screens}有尚未保存到服务器的输入。

保留:关闭,输入保存在本机,下次登录时恢复;放弃:关闭并丢弃这些输入。</source>
        <translation>{screens}: input not yet saved to the server.

Keep: close, the input stays on this computer and comes back at the next login. Discard: close and throw the input away.</translation>
    </message>
    <message>
        <source>保留并关闭</source>
        <translation>Keep and close</translation>
    </message>
    <message>
        <source>放弃并关闭</source>
        <translation>Discard and close</translation>
    </message>
</context>
<context>
    <name>SignOffPage</name>
    <message>
        <source>报表审核</source>
        <translation>Report sign-off</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>签字</source>
        <translation>Sign off</translation>
    </message>
    <message>
        <source>退回…</source>
        <translation>Return…</translation>
    </message>
    <message>
        <source>导出 Excel…</source>
        <translation>Export to Excel…</translation>
    </message>
    <message>
        <source>导出 PDF…</source>
        <translation>Export to PDF…</translation>
    </message>
    <message>
        <source>共 {count} 个版本</source>
        <translation>{count} versions</translation>
    </message>
    <message>
        <source>(含下级)</source>
        <translation> (with units below)</translation>
    </message>
    <message>
        <source>单位:{unit}{scope}  期间:{period}  版本 #{id}</source>
        <translation>Unit: {unit}{scope}  Period: {period}  Version #{id}</translation>
    </message>
    <message>
        <source>{who} 于 {when} 编制</source>
        <translation>Prepared by {who} at {when}</translation>
    </message>
    <message>
        <source>已审核 by {who} at {when}</source>
        <translation>已审核 (signed off) by {who} at {when}</translation>
    </message>
    <message>
        <source>已退回:{who} 于 {when},原因:{reason}</source>
        <translation>Returned by {who} at {when}: {reason}</translation>
    </message>
    <message>
        <source>待审核</source>
        <translation>Awaiting sign-off</translation>
    </message>
    <message>
        <source>变动的单据:{documents}</source>
        <translation>documents changed: {documents}</translation>
    </message>
    <message>
        <source>反结账的月份:{months}</source>
        <translation>months reopened: {months}</translation>
    </message>
    <message>
        <source>期初余额已修改</source>
        <translation>opening balances changed</translation>
    </message>
    <message>
        <source>年结凭证已生成或撤销</source>
        <translation>year-end entries made or undone</translation>
    </message>
    <message>
        <source>报表格式已调整</source>
        <translation>the layout changed</translation>
    </message>
    <message>
        <source>已过期:编制后账簿已有变动({what})</source>
        <translation>已过期 (outdated): the books changed since it was prepared ({what})</translation>
    </message>
    <message>
        <source>已签字</source>
        <translation>Signed off</translation>
    </message>
    <message>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>导出 Excel</source>
        <translation>Export to Excel</translation>
    </message>
    <message>
        <source>正在导出 Excel…</source>
        <translation>Exporting to Excel…</translation>
    </message>
    <message>
        <source>已导出到 {path}</source>
        <translation>Exported to {path}</translation>
    </message>
    <message>
        <source>导出失败:{error}</source>
        <translation>Export failed: {error}</translation>
    </message>
    <message>
        <source>导出 PDF</source>
        <translation>Export to PDF</translation>
    </message>
</context>
<context>
    <name>StatementReports</name>
    <message>
        <source>资产负债表</source>
        <translation>Balance sheet</translation>
    </message>
    <message>
        <source>收入费用表</source>
        <translation>Income and expense statement</translation>
    </message>
    <message>
        <source>预算收入支出表</source>
        <translation>Budget revenue and expenditure statement</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>本单位</source>
        <translation>This unit only</translation>
    </message>
    <message>
        <source>含下级单位</source>
        <translation>With units below</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>项目</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>行次</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>期末余额</source>
        <translation>At period end</translation>
    </message>
    <message>
        <source>本期金额</source>
        <translation>This period</translation>
    </message>
    <message>
        <source>上年同期</source>
        <translation>A year earlier</translation>
    </message>
    <message>
        <source>资产总计与负债和净资产总计不等,差额 {d}</source>
        <translation>Total assets differ from total liabilities and net assets by {d}</translation>
    </message>
    <message>
        <source>以下科目有金额但未列入任何项目,请调整报表格式:{codes}</source>
        <translation>These accounts have amounts but no line takes them; adjust the layout: {codes}</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>{days} 天 {hours} 小时</source>
        <translation>{days} d {hours} h</translation>
    </message>
    <message>
        <source>{hours} 小时 {minutes} 分钟</source>
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>{minutes} 分钟</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>已验证</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>验证失败</source>
        <translation>Verification failed</translation>
    </message>
    <message>
        <source>未验证</source>
        <translation>Not verified</translation>
    </message>
    <message>
        <source>{age}前</source>
        <translation>{age} ago</translation>
    </message>
    <message>
        <source>超级用户</source>
        <translation>superuser</translation>
    </message>
    <message>
        <source>数据库属主</source>
        <translation>database owner</translation>
    </message>
    <message>
        <source>可切换为属主角色</source>
        <translation>may act as the owner role</translation>
    </message>
    <message>
        <source>数据表属主</source>
        <translation>owns tables</translation>
    </message>
    <message>
        <source>可关闭触发器</source>
        <translation>may switch off triggers</translation>
    </message>
</context>
<context>
    <name>StatusPage</name>
    <message>
        <source>系统状态</source>
        <translation>System status</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>运行状态</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>数据库角色</source>
        <translation>Database role</translation>
    </message>
    <message>
        <source>数据库大小</source>
        <translation>Database size</translation>
    </message>
    <message>
        <source>数据库连接</source>
        <translation>Database connections</translation>
    </message>
    <message>
        <source>在线会话</source>
        <translation>Active sessions</translation>
    </message>
    <message>
        <source>最近验证通过的备份</source>
        <translation>Last verified backup</translation>
    </message>
    <message>
        <source>最近一次备份</source>
        <translation>Last backup</translation>
    </message>
    <message>
        <source>异地副本</source>
        <translation>Off-site copy</translation>
    </message>
    <message>
        <source>备份密钥</source>
        <translation>Backup key</translation>
    </message>
    <message>
        <source>数据目录可用空间</source>
        <translation>Free space for data</translation>
    </message>
    <message>
        <source>备份目录可用空间</source>
        <translation>Free space for backups</translation>
    </message>
    <message>
        <source>PostgreSQL 版本</source>
        <translation>PostgreSQL version</translation>
    </message>
    <message>
        <source>服务器已运行</source>
        <translation>Server uptime</translation>
    </message>
    <message>
        <source>登录后显示</source>
        <translation>Shown after login</translation>
    </message>
    <message>
        <source>{n} 个(上限 {max})</source>
        <translation>{n} (limit {max})</translation>
    </message>
    <message>
        <source>{sessions} 个会话,{users} 位用户</source>
        <translation>{sessions} sessions, {users} users</translation>
    </message>
    <message>
        <source>{duration}(自 {since} 起)</source>
        <translation>{duration} (since {since})</translation>
    </message>
    <message>
        <source>没有验证通过的备份</source>
        <translation>No verified backup</translation>
    </message>
    <message>
        <source>{name},{at}({ago})</source>
        <translation>{name}, {at} ({ago})</translation>
    </message>
    <message>
        <source>,已超过 {hours} 小时</source>
        <translation>, more than {hours} hours ago</translation>
    </message>
    <message>
        <source>尚无备份</source>
        <translation>No backup yet</translation>
    </message>
    <message>
        <source>{name},{at},{state}</source>
        <translation>{name}, {at}, {state}</translation>
    </message>
    <message>
        <source>(正在备份…)</source>
        <translation> (backing up…)</translation>
    </message>
    <message>
        <source>警告:未设置第二存放位置(backup_copy_dir),服务器磁盘损坏将丢失全部备份</source>
        <translation>Warning: no second location is set (backup_copy_dir); losing the server's disk loses every backup</translation>
    </message>
    <message>
        <source>警告:第二存放位置还没有任何副本:{path}</source>
        <translation>Warning: the second location holds no copy yet: {path}</translation>
    </message>
    <message>
        <source>已同步,最新副本 {ago}</source>
        <translation>Up to date, newest copy {ago}</translation>
    </message>
    <message>
        <source>落后 {lag}(待传 {n} 个日志段)</source>
        <translation>Behind by {lag} ({n} WAL segments waiting)</translation>
    </message>
    <message>
        <source>警告:{text}</source>
        <translation>Warning: {text}</translation>
    </message>
    <message>
        <source>警告:备份密钥尚未确认导出,没有它无法恢复备份。请在服务器上运行 export-backup-key,离线保存后在“数据备份”中确认</source>
        <translation>Warning: the backup key's export has not been confirmed; backups cannot be restored without it. Run export-backup-key on the server, keep it offline, then confirm on the Backups page</translation>
    </message>
    <message>
        <source>已导出并确认({who},{at})</source>
        <translation>Exported and confirmed ({who}, {at})</translation>
    </message>
    <message>
        <source>警告:数据库连接使用超级用户/属主角色 {name}({excess}),可绕过操作日志和审批记录的保护;请按 README“数据库角色”改用 countersign_app</source>
        <translation>Warning: the database connection uses the superuser/owner role {name} ({excess}) and can get around the protection of the operation log and the approval record; switch to countersign_app as README "Database roles" describes</translation>
    </message>
    <message>
        <source>{name}(受限角色)</source>
        <translation>{name} (restricted role)</translation>
    </message>
    <message>
        <source>{free} / 共 {total}({percent:.0%})· {path}</source>
        <translation>{free} free of {total} ({percent:.0%}) · {path}</translation>
    </message>
</context>
<context>
    <name>TextDialog</name>
    <message>
        <source>请填写至少两个字</source>
        <translation>Write at least two characters</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>第 {step} 级</source>
        <translation>step {step}</translation>
    </message>
    <message>
        <source>拆分规避:同一对方 30 天内合计 {amount},按合计金额审批</source>
        <translation>Split items: {amount} with this counterparty within 30 days, routed by the total</translation>
    </message>
    <message>
        <source>待 {level} 审批(第 {step} 级)</source>
        <translation>Waiting for the {level} (step {step})</translation>
    </message>
</context>
<context>
    <name>TrayDecision</name>
    <message>
        <source>Countersign 新消息</source>
        <translation>Countersign: new notice</translation>
    </message>
    <message>
        <source>Countersign:{count} 条新消息</source>
        <translation>Countersign: {count} new notices</translation>
    </message>
</context>
<context>
    <name>TrustCertificateDialog</name>
    <message>
        <source>首次连接:核对服务器证书</source>
        <translation>First connection: check the server certificate</translation>
    </message>
    <message>
        <source>这是首次连接服务器 {address}。
请与服务器启动时显示的(或系统管理员告知的)证书指纹逐位核对,一致才可信任。信任后,本机只接受这一证书;证书若被更换,连接将被拒绝。</source>
        <translation>This is the first connection to the server {address}.
Compare the fingerprint below, character by character, with the one the server printed when it started (or that your administrator gave you), and trust it only if they match. Once trusted, this computer accepts only this certificate; if it is ever replaced, the connection will be refused.</translation>
    </message>
    <message>
        <source>指纹一致,信任并连接</source>
        <translation>Fingerprints match: trust and connect</translation>
    </message>
    <message>
        <source>证书指纹(SHA-256):</source>
        <translation>Certificate fingerprint (SHA-256):</translation>
    </message>
</context>
<context>
    <name>UpdateOffer</name>
    <message>
        <source>下载新版本</source>
        <translation>Download new version</translation>
    </message>
    <message>
        <source>服务器尚未发布本系统可用的安装包,请联系系统管理员安装新版本。</source>
        <translation>The server publishes no installer for this system yet; ask the administrator to install the new version.</translation>
    </message>
</context>
<context>
    <name>UploadDialog</name>
    <message>
        <source>上传安装包</source>
        <translation>Upload installer</translation>
    </message>
    <message>
        <source>安装包文件:</source>
        <translation>Installer file:</translation>
    </message>
    <message>
        <source>版本号:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>适用系统:</source>
        <translation>Platform:</translation>
    </message>
    <message>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <source>例如 1.2.0</source>
        <translation>e.g. 1.2.0</translation>
    </message>
    <message>
        <source>客户端登录时,服务器会把同一系统中版本最高的安装包提供给较旧的客户端;客户端下载后核对 SHA-256 校验值再运行。同一版本同一系统只能上传一次。上传需要重新验证动态口令,并记入操作日志。</source>
        <translation>At login the server offers an older client the highest version uploaded for its system; the client checks the SHA-256 checksum of the download before it runs it. A version can be uploaded once per system. Uploading needs a fresh authenticator code and is written to the operation log.</translation>
    </message>
    <message>
        <source>选择安装包</source>
        <translation>Choose installer</translation>
    </message>
    <message>
        <source>安装包 ({patterns})</source>
        <translation>Installers ({patterns})</translation>
    </message>
    <message>
        <source>请选择安装包文件</source>
        <translation>Choose an installer file</translation>
    </message>
    <message>
        <source>版本号须为有效的版本号,例如 1.2.0</source>
        <translation>The version must be a valid version such as 1.2.0</translation>
    </message>
    <message>
        <source>文件名不可用,请改名后再上传</source>
        <translation>This file name cannot be used; rename the file and upload it again</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>用户名</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>岗位</source>
        <translation>Roles</translation>
    </message>
    <message>
        <source>单位范围</source>
        <translation>Unit scope</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>动态口令</source>
        <translation>Authenticator</translation>
    </message>
    <message>
        <source>最近登录</source>
        <translation>Last login</translation>
    </message>
    <message>
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <source>在用</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>已绑定</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <source>未绑定</source>
        <translation>Not enrolled</translation>
    </message>
</context>
<context>
    <name>UsersView</name>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>新建用户</source>
        <translation>New user</translation>
    </message>
    <message>
        <source>岗位与范围</source>
        <translation>Roles and scope</translation>
    </message>
    <message>
        <source>停用</source>
        <translation>Disable</translation>
    </message>
    <message>
        <source>启用</source>
        <translation>Enable</translation>
    </message>
    <message>
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <source>重置动态口令</source>
        <translation>Reset authenticator</translation>
    </message>
    <message>
        <source>交接工作</source>
        <translation>Hand over work</translation>
    </message>
    <message>
        <source>邮件通知…</source>
        <translation>E-mail notifications…</translation>
    </message>
    <message>
        <source>强制下线</source>
        <translation>End session</translation>
    </message>
    <message>
        <source>筛选:用户名、姓名、岗位、单位…</source>
        <translation>Filter: username, name, role, unit…</translation>
    </message>
    <message>
        <source>在线会话</source>
        <translation>Active sessions</translation>
    </message>
    <message>
        <source>登录时间</source>
        <translation>Logged in</translation>
    </message>
    <message>
        <source>最近活动</source>
        <translation>Last active</translation>
    </message>
    <message>
        <source>客户端主机</source>
        <translation>Client host</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>已提交,等待另一位管理员审批 (申请编号 {id})</source>
        <translation>Submitted; waiting for a second administrator's approval (request {id})</translation>
    </message>
    <message>
        <source>已保存:{username}</source>
        <translation>Saved: {username}</translation>
    </message>
    <message>
        <source>还没有审批岗位</source>
        <translation>No approval post yet</translation>
    </message>
    <message>
        <source>{name}({username})是审核员,但还没有审批岗位,目前什么也不能审批。现在为其添加审批岗位吗?</source>
        <translation>{name} ({username}) is a reviewer but has no approval post yet, so they can approve nothing. Add an approval post now?</translation>
    </message>
    <message>
        <source>停用用户</source>
        <translation>Disable user</translation>
    </message>
    <message>
        <source>停用 {name}({username})?停用后该用户不能登录;其待办和草稿请先用“移交工作”交给他人。</source>
        <translation>Disable {name} ({username})? They can no longer log in; hand their to-do items and drafts to someone else first (Hand over work).</translation>
    </message>
    <message>
        <source>账号已创建;管理员/审计员岗位等待另一位管理员审批 (申请编号 {id})</source>
        <translation>Account created; the administrator/auditor role waits for another administrator's approval (request no. {id})</translation>
    </message>
    <message>
        <source>邮件通知:{name}</source>
        <translation>E-mail notifications: {name}</translation>
    </message>
    <message>
        <source>初始密码</source>
        <translation>Initial password</translation>
    </message>
    <message>
        <source>用户 {username} 的初始密码(只显示这一次,首次登录时必须修改):

{password}</source>
        <translation>Initial password of {username} (shown only this once; it must be changed at first login):

{password}</translation>
    </message>
</context>
<context>
    <name>VersionsModel</name>
    <message>
        <source>版本号</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>报表</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>期间</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>编制</source>
        <translation>Prepared</translation>
    </message>
    <message>
        <source>审核</source>
        <translation>Decided</translation>
    </message>
    <message>
        <source>账簿变动</source>
        <translation>Books changed</translation>
    </message>
    <message>
        <source>待审核</source>
        <translation>Awaiting sign-off</translation>
    </message>
    <message>
        <source>已审核</source>
        <translation>Signed off</translation>
    </message>
    <message>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Outdated</translation>
    </message>
</context>
<context>
    <name>VoucherForm</name>
    <message>
        <source>借方合计:{amount}</source>
        <translation>Debit total: {amount}</translation>
    </message>
    <message>
        <source>贷方合计:{amount}</source>
        <translation>Credit total: {amount}</translation>
    </message>
    <message>
        <source>差额:{amount}</source>
        <translation>Difference: {amount}</translation>
    </message>
    <message>
        <source>合计(大写):{capitals}</source>
        <translation>Total in words: {capitals}</translation>
    </message>
    <message>
        <source>凭证录入</source>
        <translation>Voucher entry</translation>
    </message>
    <message>
        <source>新建</source>
        <translation>New</translation>
    </message>
    <message>
        <source>增加分录</source>
        <translation>Add line</translation>
    </message>
    <message>
        <source>在最后增加一行(最后一行贷方按回车也可)</source>
        <translation>Add a line at the end (or press Enter in the last line's credit)</translation>
    </message>
    <message>
        <source>删除分录</source>
        <translation>Delete line</translation>
    </message>
    <message>
        <source>删除光标所在的分录行 (Ctrl+Delete)</source>
        <translation>Delete the line the cursor is in (Ctrl+Delete)</translation>
    </message>
    <message>
        <source>保存草稿 (Ctrl+S)</source>
        <translation>Save draft (Ctrl+S)</translation>
    </message>
    <message>
        <source>提交 (Ctrl+Enter)</source>
        <translation>Submit (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>打印预览</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <source>日期:</source>
        <translation>Date:</translation>
    </message>
    <message>
        <source>预算单位:</source>
        <translation>Budget unit:</translation>
    </message>
    <message>
        <source>凭证字:</source>
        <translation>Voucher type:</translation>
    </message>
    <message>
        <source>附件张数:</source>
        <translation>Attachments:</translation>
    </message>
    <message>
        <source>纸质附件说明:</source>
        <translation>Paper pages kept outside:</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>会计科目</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>借方金额</source>
        <translation>Debit</translation>
    </message>
    <message>
        <source>贷方金额</source>
        <translation>Credit</translation>
    </message>
    <message>
        <source>记账凭证(记)</source>
        <translation>General voucher (记)</translation>
    </message>
    <message>
        <source>收款凭证(收)</source>
        <translation>Receipt voucher (收)</translation>
    </message>
    <message>
        <source>付款凭证(付)</source>
        <translation>Payment voucher (付)</translation>
    </message>
    <message>
        <source>转账凭证(转)</source>
        <translation>Transfer voucher (转)</translation>
    </message>
    <message>
        <source>按 = 填入使借贷平衡的金额</source>
        <translation>Press = to fill in the amount that balances the voucher</translation>
    </message>
</context>
<context>
    <name>VoucherPrint</name>
    <message>
        <source>记账凭证</source>
        <translation>Accounting voucher</translation>
    </message>
    <message>
        <source>核算单位</source>
        <translation>Accounting unit</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>凭证号</source>
        <translation>Voucher no.</translation>
    </message>
    <message>
        <source>摘要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>会计科目</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>借方金额</source>
        <translation>Debit</translation>
    </message>
    <message>
        <source>贷方金额</source>
        <translation>Credit</translation>
    </message>
    <message>
        <source>合计</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>附单据</source>
        <translation>Attachments:</translation>
    </message>
    <message>
        <source>张</source>
        <translation>sheets</translation>
    </message>
    <message>
        <source>会计主管</source>
        <translation>Chief accountant</translation>
    </message>
    <message>
        <source>记账</source>
        <translation>Bookkeeper</translation>
    </message>
    <message>
        <source>审核</source>
        <translation>Reviewer</translation>
    </message>
    <message>
        <source>出纳</source>
        <translation>Cashier</translation>
    </message>
    <message>
        <source>制单</source>
        <translation>Prepared by</translation>
    </message>
</context>
<context>
    <name>WholeList</name>
    <message>
        <source>共 {total} 条,已载入 {loaded} 条…</source>
        <translation>{total} in all, {loaded} loaded…</translation>
    </message>
    <message>
        <source>筛选出 {shown} 条 / 共 {total} 条</source>
        <translation>{shown} of {total} shown</translation>
    </message>
    <message>
        <source>共 {total} 条</source>
        <translation>{total} in all</translation>
    </message>
</context>
<context>
    <name>WorkBadge</name>
    <message>
        <source>消息 {n}</source>
        <translation>Notifications {n}</translation>
    </message>
    <message>
        <source>逾期 {n}</source>
        <translation>Overdue {n}</translation>
    </message>
</context>
<context>
    <name>WorkbenchWindow</name>
    <message>
        <source>工作台首页</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>收入录入</source>
        <translation>Income entry</translation>
    </message>
    <message>
        <source>支出录入</source>
        <translation>Expenditure entry</translation>
    </message>
    <message>
        <source>凭证录入</source>
        <translation>Voucher entry</translation>
    </message>
    <message>
        <source>指标调整</source>
        <translation>Quota adjustment</translation>
    </message>
    <message>
        <source>我的单据</source>
        <translation>My documents</translation>
    </message>
    <message>
        <source>审核审批</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>出纳签字</source>
        <translation>Cashier sign-off</translation>
    </message>
    <message>
        <source>记账</source>
        <translation>Posting</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Query</translation>
    </message>
    <message>
        <source>统计报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <source>报表格式</source>
        <translation>Statement layouts</translation>
    </message>
    <message>
        <source>报表审核</source>
        <translation>Report sign-off</translation>
    </message>
    <message>
        <source>业务工作台</source>
        <translation>Workbench</translation>
    </message>
    <message>
        <source>邮件通知(&amp;M)…</source>
        <translation>E-&amp;mail notifications…</translation>
    </message>
</context>
<context>
    <name>YearEndPage</name>
    <message>
        <source>年结</source>
        <translation>Year-end</translation>
    </message>
    <message>
        <source>年度:</source>
        <translation>Year:</translation>
    </message>
    <message>
        <source>执行年结…</source>
        <translation>Close the year…</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>按单位、科目筛选…</source>
        <translation>Filter by unit or account…</translation>
    </message>
    <message>
        <source>12 月结账后执行:收入、费用结转至本期盈余,再经本年盈余分配转入累计盈余;预算收入、预算支出结转至财政拨款结转、非财政拨款结转。执行前列出将生成的凭证,执行后只能通过反结账 12 月(须另一位管理员批准)撤销。</source>
        <translation>Done after December closes: income and expenses are closed into the period's surplus, then through the distribution of the year's surplus into accumulated surplus; budget income and expenditure are closed into the fiscal and non-fiscal carry-over accounts. The vouchers are listed before they are made; afterwards only reopening December (approved by a second administrator) undoes them.</translation>
    </message>
    <message>
        <source>{year} 年已年结:{who} 于 {at},共 {n} 张结转凭证</source>
        <translation>The year {year} is closed: by {who} at {at}, {n} closing vouchers</translation>
    </message>
    <message>
        <source>{year} 年 12 月尚未结账;以下为按目前账簿将生成的结转凭证(预览)</source>
        <translation>December {year} is not closed yet; below are the closing vouchers the books would give now (preview)</translation>
    </message>
    <message>
        <source>{year} 年 12 月已结账,可以年结;将生成以下 {n} 张结转凭证</source>
        <translation>December {year} is closed and the year can be closed; these {n} closing vouchers will be made</translation>
    </message>
    <message>
        <source>执行年结</source>
        <translation>Close the year</translation>
    </message>
    <message>
        <source>生成并登记 {year} 年的 {n} 张结转凭证?此后只能通过反结账 {year} 年 12 月撤销。</source>
        <translation>Make and enter the {n} closing vouchers of {year}? Only reopening December {year} undoes them.</translation>
    </message>
    <message>
        <source>{year} 年已年结</source>
        <translation>The year {year} is closed</translation>
    </message>
</context>
</TS>
