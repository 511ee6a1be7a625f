<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>AsOfBar</name>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="208" />
            <source>%1 change(s) undone</source>
            <translation>已回退 %1 项变更</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="132" />
            <source>One month earlier</source>
            <translation>前一个月</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="133" />
            <source>One month later</source>
            <translation>后一个月</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="132" />
            <source>One year earlier</source>
            <translation>前一年</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="133" />
            <source>One year later</source>
            <translation>后一年</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="164" />
            <source>Open a workspace: the state of a past day comes from its history.</source>
            <translation>请打开工作空间：过去某日的状态来自其变更记录。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="120" />
            <source>Show each road's status, phase and progress as they were at the end of this day, from the workspace's history (nothing is changed)</source>
            <translation>按工作空间的变更记录，显示各道路在该日结束时的状态、建设阶段和进度（不修改任何数据）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="118" />
            <source>State as of</source>
            <translation>状态截至</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="141" />
            <source>Today</source>
            <translation>今天</translation>
        </message>
    </context>
    <context>
        <name>BarChart</name>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="159" />
            <source>%1 · %2: %3 record(s), %4 km</source>
            <translation>%1 · %2：%3 项，%4 km</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="163" />
            <source>%1: %2 record(s), %3 km</source>
            <translation>%1：%2 项，%3 km</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="166" />
            <source>Click to filter to it</source>
            <translation>点击即按此筛选</translation>
        </message>
    </context>
    <context>
        <name>BasemapController</name>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="38" />
            <source>&amp;Basemap</source>
            <translation>底图(&amp;B)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="42" />
            <source>None (offline)</source>
            <translation>无（离线）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="43" />
            <source>OpenStreetMap (online)</source>
            <translation>OpenStreetMap（在线）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="44" />
            <source>Tianditu (online, needs a key)</source>
            <translation>天地图（在线，需要密钥）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="45" />
            <source>AMap / Gaode (online, GCJ-02)</source>
            <translation>高德地图（在线，GCJ-02）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="46" />
            <source>Local tiles (MBTiles or folder)...</source>
            <translation>本地瓦片（MBTiles 或文件夹）...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="57" />
            <source>Tianditu key...</source>
            <translation>天地图密钥...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="71" />
            <source>Open local tiles</source>
            <translation>打开本地瓦片</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="72" />
            <source>MBTiles (*.mbtiles);;All files (*)</source>
            <translation>MBTiles 文件 (*.mbtiles);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="74" />
            <source>Open a folder of XYZ tiles</source>
            <translation>打开 XYZ 瓦片文件夹</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="90" />
            <source>These tiles cannot be used: %1</source>
            <translation>无法使用这些瓦片：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="146" />
            <source>Tianditu key</source>
            <translation>天地图密钥</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="147" />
            <source>Your Tianditu (天地图) browser key:</source>
            <translation>您的天地图浏览器端密钥：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="159" />
            <source>WGS-84: %1, %2</source>
            <translation>WGS-84：%1, %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="166" />
            <source>Basemap unavailable (no connection?): the map works without it.</source>
            <translation>底图不可用（可能未联网）：地图仍可正常使用。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="173" />
            <source>Basemap</source>
            <translation>底图</translation>
        </message>
    </context>
    <context>
        <name>ChangesPanel</name>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="532" />
            <source>%1 change(s) since %2</source>
            <translation>自 %2 以来共 %1 项变更</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="440" />
            <source>By</source>
            <translation>变更人</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="440" />
            <source>Change</source>
            <translation>变更</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="573" />
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="446" />
            <source>Export XLSX...</source>
            <translation>导出 XLSX...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="448" />
            <source>Export slides...</source>
            <translation>导出幻灯片...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="574" />
            <source>Export the changes</source>
            <translation>导出变更</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="536" />
            <source>Finished</source>
            <translation>完工</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="440" />
            <source>Note</source>
            <translation>说明</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="516" />
            <source>Open a workspace: the changes come from its saved history.</source>
            <translation>请打开工作空间：变更来自其已保存的变更记录。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="538" />
            <source>Other changes</source>
            <translation>其他变更</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="573" />
            <source>PowerPoint slides (*.pptx)</source>
            <translation>PowerPoint 幻灯片 (*.pptx)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="538" />
            <source>Set back or put on hold</source>
            <translation>状态倒退或暂缓</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="418" />
            <source>Since</source>
            <translation>起始日期</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="430" />
            <source>Since the last export of this report</source>
            <translation>自上次导出本报告以来</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="507" />
            <source>Since the last export of this report (%1)</source>
            <translation>自上次导出本报告以来（%1）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="509" />
            <source>Since the last export of this report (not exported yet)</source>
            <translation>自上次导出本报告以来（尚未导出）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="537" />
            <source>Slipped (target moved later)</source>
            <translation>延期（目标推迟）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="536" />
            <source>Started</source>
            <translation>开工</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="591" />
            <source>The changes were not exported</source>
            <translation>变更未导出</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="440" />
            <source>When</source>
            <translation>时间</translation>
        </message>
    </context>
    <context>
        <name>CrsPage</name>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="329" />
            <source>%1 (detected: %2)</source>
            <translation>%1（检测结果：%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="342" />
            <source>As declared: %1</source>
            <translation>按文件声明：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="278" />
            <source>Check the text encoding and the coordinate system: the preview draws the layer (red) with the town's boundary (grey).</source>
            <translation>请核对文字编码和坐标系：预览图以红色绘出图层，以灰色绘出镇界。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="401" />
            <source>Choose a coordinate system</source>
            <translation>请选择坐标系</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="308" />
            <source>Coordinate system:</source>
            <translation>坐标系：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="277" />
            <source>Coordinates and text</source>
            <translation>坐标与文字</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="357" />
            <source>Nothing declared: choose one.</source>
            <translation>文件未声明坐标系：请选择一个。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="374" />
            <source>Read again as %1.</source>
            <translation>已按 %1 重新读取。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="344" />
            <source>Suggested: %1 (%2)</source>
            <translation>建议：%1（%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="306" />
            <source>Text encoding:</source>
            <translation>文字编码：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="401" />
            <source>The file does not say which one it uses.</source>
            <translation>文件没有说明所用的坐标系。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="408" />
            <source>Unknown coordinate system</source>
            <translation>未知的坐标系</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="288" />
            <source>another, e.g. EPSG:4547</source>
            <translation>其他坐标系，例如 EPSG:4547</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="290" />
            <source>x and y are swapped</source>
            <translation>x 与 y 对调</translation>
        </message>
    </context>
    <context>
        <name>Dashboard</name>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="229" />
            <source>A completion date this year, or a saved change to “completed” this year (up to the day shown)</source>
            <translation>今年内（截至所示日期）有实际完工日期，或已保存的状态变更为“已建成”</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="226" />
            <source>An actual start date this year, or a saved change to “under construction” this year (up to the day shown)</source>
            <translation>今年内（截至所示日期）有实际开工日期，或已保存的状态变更为“在建”</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="260" />
            <source>By build phase (status colours)</source>
            <translation>按建设阶段（颜色表示状态）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="265" />
            <source>By category</source>
            <translation>按类别</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="256" />
            <source>Click a bar to filter to it</source>
            <translation>点击条形即可筛选</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="276" />
            <source>Export PNG...</source>
            <translation>导出 PNG...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="278" />
            <source>Export slide...</source>
            <translation>导出幻灯片...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="380" />
            <source>Export the dashboard</source>
            <translation>导出进展概览</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="228" />
            <source>Finished this year</source>
            <translation>今年完工</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="342" />
            <source>No data open.</source>
            <translation>尚未打开数据。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="231" />
            <source>Overdue</source>
            <translation>逾期未完成</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="381" />
            <source>PNG image (*.png)</source>
            <translation>PNG 图片 (*.png)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="381" />
            <source>PowerPoint slide (*.pptx)</source>
            <translation>PowerPoint 幻灯片 (*.pptx)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="223" />
            <location filename="../../qxmap/ui/dashboard.py" line="245" />
            <source>Records</source>
            <extracomment>The figures were redrawn (their Figures). Made again only while on screen (2: facts and figures, 1: the figures).</extracomment>
            <translation>项目数</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="223" />
            <source>Records the filter keeps</source>
            <translation>符合筛选条件的项目数</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="224" />
            <source>Schematic length of the located roads the filter keeps</source>
            <translation>符合筛选条件、已定位道路的示意长度</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="225" />
            <source>Started this year</source>
            <translation>今年开工</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="348" />
            <source>State as of %1</source>
            <translation>状态截至 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="398" />
            <source>The dashboard was not exported</source>
            <translation>进展概览未导出</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="232" />
            <source>The target has passed and the record is not completed</source>
            <translation>已过目标完成时间但尚未建成</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="349" />
            <source>Today, %1</source>
            <translation>今天（%1）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="224" />
            <location filename="../../qxmap/ui/dashboard.py" line="245" />
            <source>km</source>
            <translation>公里</translation>
        </message>
    </context>
    <context>
        <name>DetailsPane</name>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="370" />
            <source>State as of</source>
            <translation>状态截至</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="343" />
            <source>Select a road in the table or on the map.</source>
            <translation>在表格或地图中选择一条道路。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="356" />
            <source>Layer</source>
            <translation>图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="357" />
            <source>ID</source>
            <translation>编号</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="358" />
            <source>English name</source>
            <translation>英文名称</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="362" />
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="364" />
            <source>Expressway</source>
            <translation>高速公路</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="379" />
            <source>Area (km²)</source>
            <translation>面积 (km²)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="381" />
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="383" />
            <source>Schematic position: drawn from the work report's words and rough references, not surveyed.</source>
            <translation>示意位置：根据工作报告的描述和粗略参照绘制，未经测绘。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="385" />
            <source>Approximate position: placed from a map point of medium or high confidence; its extent is not surveyed.</source>
            <translation>大致位置：依据中高可信度的地图点位放置，范围未经测绘。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="387" />
            <source>Not yet mapped: the work report counts it but gives no position.</source>
            <translation>尚未定位：工作报告计入了该项目，但未给出位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="388" />
            <source>Surveyed position.</source>
            <translation>测绘位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="389" />
            <source>Drawn by hand on the map by a planner: not surveyed.</source>
            <translation>由规划人员在地图上手绘：非测绘位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="390" />
            <source>Traced over a georeferenced plan drawing: as exact as the plan and its fitting.</source>
            <translation>依据已配准的规划图描绘：精度取决于规划图及其配准。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="392" />
            <source>From the work report</source>
            <translation>工作报告原文</translation>
        </message>
    </context>
    <context>
        <name>DrawTool</name>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="538" />
            <source>%1 already has a position. Replace it with what you drew?</source>
            <translation>%1 已有位置。要用您绘制的图形替换吗？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="497" />
            <source>%1: line continued</source>
            <translation>%1：线已延长</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="666" />
            <source>%1: merged with %2</source>
            <translation>%1：已与 %2 合并</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="501" />
            <source>%1: moved</source>
            <translation>%1：已移动</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="555" />
            <source>%1: new record</source>
            <translation>%1：新记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="685" />
            <source>%1: position deleted</source>
            <translation>%1：位置已删除</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="541" />
            <source>%1: put on the map</source>
            <translation>%1：已上图</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="492" />
            <source>%1: split into two roads</source>
            <translation>%1：已拆分为两条道路</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="512" />
            <source>%1: vertex added</source>
            <translation>%1：已添加节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="507" />
            <source>%1: vertex deleted</source>
            <translation>%1：已删除节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="512" />
            <source>%1: vertex moved</source>
            <translation>%1：已移动节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="284" />
            <source>&amp;Continue line from its end</source>
            <translation>从线的终点继续绘制(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="295" />
            <source>&amp;Delete geometry...</source>
            <translation>删除几何图形(&amp;D)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="305" />
            <source>&amp;Draw</source>
            <translation>绘制(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="284" />
            <source>&amp;Move feature</source>
            <translation>移动要素(&amp;M)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="282" />
            <source>&amp;Select and edit vertices</source>
            <translation>选择并编辑节点(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="584" />
            <source>Area: %1 (perimeter %2)</source>
            <translation>面积：%1（周长 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="405" />
            <source>Click the vertex where the road is split.</source>
            <translation>点击要拆分道路的节点。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="404" />
            <source>Click to add vertices after the line's end; double-click or Enter finishes.</source>
            <translation>点击在线的终点之后添加节点；双击或按回车键完成。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="400" />
            <location filename="../../qxmap/ui/drawtool.py" line="401" />
            <source>Click to add vertices; double-click or Enter finishes, Esc cancels, S snaps.</source>
            <translation>点击添加节点；双击或按回车键完成，Esc 取消，S 切换捕捉。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="402" />
            <source>Click where the point goes.</source>
            <translation>点击放置点的位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="677" />
            <source>Delete the position of %1? The record stays, as not yet mapped.</source>
            <translation>删除 %1 的位置吗？记录将保留，标为尚未定位。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="403" />
            <source>Drag the selected feature to move it.</source>
            <translation>拖动所选要素以移动它。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="282" />
            <source>Draw &amp;line</source>
            <translation>绘制线(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="283" />
            <source>Draw &amp;point</source>
            <translation>绘制点(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="283" />
            <source>Draw poly&amp;gon</source>
            <translation>绘制多边形(&amp;G)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="312" />
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="276" />
            <source>Edit &amp;mode (draw on the map)</source>
            <extracomment>The page's drawing mode while Edit mode is on (None: Edit mode off). A plan overlay is shown: what is drawn is "traced" from it (set by the overlay). The last geometry refused, in words (also shown in a message box). The length or area being drawn, as shown in the status bar. Hooks (tests, other dialogs): confirm(message) -&gt; bool; ask_new_record(kind, layers) -&gt; (layer, values) or None.</extracomment>
            <translation>编辑模式（在地图上绘制）(&amp;M)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="398" />
            <source>Edit mode: select a feature; drag its vertices, drag a midpoint to add one, right-click to delete one.</source>
            <translation>编辑模式：选择要素；拖动节点，拖动中点添加节点，右键单击删除节点。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="588" />
            <source>Length: %1</source>
            <translation>长度：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="293" />
            <source>Mer&amp;ge two roads</source>
            <translation>合并两条道路(&amp;G)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="663" />
            <source>Merge %2 into %1? %1 gets the joined line and %2 is removed (its history stays; Undo brings it back).</source>
            <translation>将 %2 合并到 %1 吗？%1 获得连接后的线，%2 将被移除（其变更记录保留；撤销可恢复）。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="573" />
            <source>Not accepted: %1</source>
            <translation>未被接受：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="550" />
            <source>Nothing was added: what you drew was discarded.</source>
            <translation>未添加任何内容：所绘图形已丢弃。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="351" />
            <source>Open a workspace to edit the map.</source>
            <translation>请先打开工作空间，再编辑地图。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="297" />
            <source>S&amp;nap (S in the map)</source>
            <translation>捕捉（在地图中按 S）(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="285" />
            <source>S&amp;plit road at a vertex</source>
            <translation>在节点处拆分道路(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="654" />
            <source>Select two roads that share an end point.</source>
            <translation>请选择两条端点相接的道路。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="574" />
            <source>The geometry was not accepted</source>
            <translation>几何图形未被接受</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="174" />
            <location filename="../../qxmap/ui/exportdialog.py" line="736" />
            <location filename="../../qxmap/ui/exportdialog.py" line="791" />
            <source>Export</source>
            <extracomment>The extent choices: the whole town (default), fitted to the filtered features, the current view, and a fixed frame saved in a template. The preview's room (px): the whole page is fitted into it. The longest text a field takes at all (longer is cut by the field); the real limits are checked with a clear message (a title over 120 characters is refused, not cut). The export ended: the path written, or the exception (ExportCancelled, WriteFailed, ...). The preview was drawn again (tests wait on it). What is exported: the session's dataset, filter and view (never a widget's state). The last preview drawn (a QImage), and how many were drawn. The fixed frame of the chosen template (west, south, east, north), if it has one.</extracomment>
            <translation>导出</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="192" />
            <source>Print layout, image (PNG)</source>
            <translation>打印版式，图像 (PNG)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="193" />
            <source>Print layout (PDF)</source>
            <translation>打印版式 (PDF)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="194" />
            <source>Print layout, vector (SVG)</source>
            <translation>打印版式，矢量图 (SVG)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="195" />
            <source>Slide deck (PPTX)</source>
            <translation>演示文稿 (PPTX)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="196" />
            <source>Road table (CSV)</source>
            <translation>道路表 (CSV)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="197" />
            <source>Road table (XLSX)</source>
            <translation>道路表 (XLSX)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="209" />
            <source>Landscape</source>
            <translation>横向</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="210" />
            <source>Portrait</source>
            <translation>纵向</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="213" />
            <source>%1 dpi</source>
            <translation>%1 dpi</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="220" />
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="204" />
            <source>Current map view</source>
            <translation>当前地图视图</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="243" />
            <source>Choose a file...</source>
            <translation>选择文件...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="244" />
            <source>Browse...</source>
            <translation>浏览...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="278" />
            <source>&amp;Format:</source>
            <translation>格式(&amp;F)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="280" />
            <source>&amp;Paper:</source>
            <translation>纸张(&amp;P)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="281" />
            <source>&amp;Orientation:</source>
            <translation>方向(&amp;O)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="282" />
            <source>&amp;Resolution:</source>
            <translation>分辨率(&amp;R)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="283" />
            <source>&amp;Title:</source>
            <translation>标题(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="279" />
            <source>&amp;Extent:</source>
            <translation>范围(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="289" />
            <source>File:</source>
            <translation>文件：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="296" />
            <source>&amp;Export</source>
            <translation>导出(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="433" />
            <source>PNG image (*.png)</source>
            <translation>PNG 图像 (*.png)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="433" />
            <source>PDF document (*.pdf)</source>
            <translation>PDF 文档 (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="434" />
            <source>SVG image (*.svg)</source>
            <translation>SVG 图像 (*.svg)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="434" />
            <source>PowerPoint deck (*.pptx)</source>
            <translation>PowerPoint 演示文稿 (*.pptx)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="435" />
            <source>CSV table (*.csv)</source>
            <translation>CSV 表格 (*.csv)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="435" />
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="437" />
            <source>Export to</source>
            <translation>导出到</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="671" />
            <source>No data open</source>
            <translation>未打开数据</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="682" />
            <source>No preview: %1</source>
            <translation>无法预览：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="705" />
            <source>Nothing to export</source>
            <translation>没有可导出的内容</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="705" />
            <source>Open a dataset first.</source>
            <translation>请先打开数据集。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="714" />
            <source>No file chosen</source>
            <translation>未选择文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="714" />
            <source>Choose the file to export to.</source>
            <translation>请选择要导出到的文件。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="725" />
            <source>The file name ends in %1 but the format is %2.</source>
            <translation>文件扩展名为 %1，但所选格式为 %2。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="709" />
            <location filename="../../qxmap/ui/exportdialog.py" line="728" />
            <location filename="../../qxmap/ui/exportdialog.py" line="785" />
            <source>The export options are not valid</source>
            <translation>导出选项无效</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="733" />
            <source>Exporting %1...</source>
            <translation>正在导出 %1...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="733" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="777" />
            <source>Exported %1</source>
            <translation>已导出 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="779" />
            <source>Export cancelled: no file was written.</source>
            <translation>已取消导出：未写入任何文件。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="781" />
            <source>The export could not be written</source>
            <translation>无法写入导出文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="782" />
            <source>%1: %2
No file was left behind.</source>
            <translation>%1：%2
未留下任何文件。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="787" />
            <source>The export failed</source>
            <translation>导出失败</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="287" />
            <source>&amp;Logo:</source>
            <translation>标志(&amp;L)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="285" />
            <source>&amp;Notes:</source>
            <translation>说明(&amp;N)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="284" />
            <source>&amp;Subtitle:</source>
            <translation>副标题(&amp;S)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="546" />
            <source>(no template)</source>
            <translation>（不使用模板）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="582" />
            <source>A template needs a name of 1 to %1 characters.</source>
            <translation>模板名称须为 1 至 %1 个字符。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="458" />
            <source>Choose a PNG or JPEG image.</source>
            <translation>请选择 PNG 或 JPEG 图像。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="445" />
            <source>Choose a logo</source>
            <translation>选择标志图像</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="235" />
            <source>Choose...</source>
            <translation>选择...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="182" />
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="629" />
            <source>Delete template</source>
            <translation>删除模板</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="630" />
            <source>Delete the template “%1”?</source>
            <translation>删除模板“%1”？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="203" />
            <source>Fit to the filtered features (with locator)</source>
            <translation>适配筛选要素（附位置示意图）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="446" />
            <source>Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;All files (*)</source>
            <translation>图像 (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="288" />
            <source>Label si&amp;ze:</source>
            <translation>标注字号(&amp;Z)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="215" />
            <source>Large</source>
            <translation>大</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="215" />
            <source>Normal</source>
            <translation>标准</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="710" />
            <source>Nothing was written.</source>
            <translation>未写入任何文件。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="233" />
            <source>Optional: a PNG or JPEG image</source>
            <translation>可选：PNG 或 JPEG 图像</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="230" />
            <source>Optional: e.g. the town's planning office</source>
            <translation>可选：如镇规划办</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="226" />
            <source>Optional: in the footer and the slides' speaker notes</source>
            <translation>可选：显示在页脚及幻灯片备注中</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="223" />
            <source>Optional: shown under the title</source>
            <translation>可选：显示在标题下方</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="286" />
            <source>Or&amp;ganisation:</source>
            <translation>单位(&amp;G)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="619" />
            <source>Replace the template “%1”?</source>
            <translation>替换模板“%1”？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="180" />
            <source>Save as...</source>
            <translation>另存为...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="613" />
            <location filename="../../qxmap/ui/exportdialog.py" line="618" />
            <source>Save template</source>
            <translation>保存模板</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="215" />
            <source>Small</source>
            <translation>小</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="277" />
            <source>Te&amp;mplate:</source>
            <translation>模板(&amp;M)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="613" />
            <source>Template name:</source>
            <translation>模板名称：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="598" />
            <source>Template saved: %1</source>
            <translation>模板已保存：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="567" />
            <source>The default settings are used instead.</source>
            <translation>已改用默认设置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="457" />
            <source>The logo cannot be used</source>
            <translation>无法使用该标志图像</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="375" />
            <source>The logo cannot be used: %1</source>
            <translation>无法使用该标志图像：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="368" />
            <source>The notes are too long: %1 characters (at most %2).</source>
            <translation>说明过长：%1 个字符（最多 %2 个）。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="362" />
            <source>The organisation name is too long: %1 characters (at most %2).</source>
            <translation>单位名称过长：%1 个字符（最多 %2 个）。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="360" />
            <source>The subtitle is too long: %1 characters (at most %2).</source>
            <translation>副标题过长：%1 个字符（最多 %2 个）。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="581" />
            <location filename="../../qxmap/ui/exportdialog.py" line="591" />
            <source>The template cannot be saved</source>
            <translation>无法保存模板</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="566" />
            <source>The template “%1” cannot be used</source>
            <translation>无法使用模板“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="487" />
            <source>The template's frame</source>
            <translation>模板中保存的范围</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="539" />
            <source>The templates cannot be read</source>
            <translation>无法读取模板</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="359" />
            <source>The title is too long: %1 characters (at most %2).</source>
            <translation>标题过长：%1 个字符（最多 %2 个）。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="202" />
            <source>Whole town (filtered features highlighted)</source>
            <translation>全镇（突出显示筛选要素）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="563" />
            <source>there is no template of that name</source>
            <translation>没有该名称的模板</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="103" />
            <source>The saved templates cannot be read (the settings hold something else); none are offered until one is saved again.</source>
            <translation>无法读取已保存的模板（设置中的内容不是模板）；重新保存模板之前不提供模板。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="816" />
            <source>&amp;Export...</source>
            <translation>导出(&amp;E)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="820" />
            <source>Export &amp;snapshot...</source>
            <translation>导出快照(&amp;S)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="823" />
            <source>&amp;Copy snapshot</source>
            <translation>复制快照(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="827" />
            <source>Copy the map to the clipboard as the last snapshot was (as shown or for slides), to paste into a slide</source>
            <translation>按上次快照的方式（所见即所得或用于幻灯片）将地图复制到剪贴板，可直接粘贴到幻灯片</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="857" />
            <source>Export snapshot</source>
            <translation>导出快照</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="904" />
            <source>The snapshot could not be taken</source>
            <translation>无法生成快照</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="911" />
            <source>Snapshot saved: %1</source>
            <translation>快照已保存：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="913" />
            <source>(also on the clipboard)</source>
            <translation>（也已复制到剪贴板）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="908" />
            <source>Snapshot copied to the clipboard (%1 x %2 pixels): paste it into a slide.</source>
            <translation>快照已复制到剪贴板（%1 × %2 像素）：可粘贴到幻灯片中。</translation>
        </message>
    </context>
    <context>
        <name>FilePage</name>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="200" />
            <source>&amp;Browse...</source>
            <translation>浏览(&amp;B)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="195" />
            <source>A Shapefile, GeoPackage, GeoJSON, KML/KMZ, GPX, DXF, CSV, Excel, FlatGeobuf file, a folder or a zip archive.</source>
            <translation>Shapefile、GeoPackage、GeoJSON、KML/KMZ、GPX、DXF、CSV、Excel、FlatGeobuf 文件，文件夹或 zip 压缩包。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="194" />
            <source>Choose a file</source>
            <extracomment>The file suffixes the import core reads (its formats, a .gdb being a folder, and zip). The suffixes qxmap opens as a dataset (File &gt; Open). Skipped features listed one per row (then one row says how many more). The fields table's row of the road-number field (Mapping.road_number: not a qxmap field). Most values listed to tick for the filter (the most common first).</extracomment>
            <translation>选择文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="217" />
            <source>Import a file</source>
            <translation>导入文件</translation>
        </message>
    </context>
    <context>
        <name>FilterPanel</name>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="63" />
            <source>Build phase</source>
            <extracomment>Below this much available screen height the groups start folded.</extracomment>
            <translation>建设阶段</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="64" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="65" />
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="113" />
            <source>Search names (Chinese or English)</source>
            <translation>搜索名称（中文或英文）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="116" />
            <source>Clear filters</source>
            <translation>清除筛选</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="160" />
            <source>%1 (%2 of %3)</source>
            <translation>%1（%2/%3）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="162" />
            <source>Click to fold these filters</source>
            <translation>点击收起这组筛选</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="162" />
            <source>Click to show these filters</source>
            <translation>点击展开这组筛选</translation>
        </message>
    </context>
    <context>
        <name>GeorefDialog</name>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="156" />
            <source>#</source>
            <translation>#</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="171" />
            <source>&amp;Delete point</source>
            <translation>删除点(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="192" />
            <source>&amp;Place on the map</source>
            <translation>放到地图上(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="167" />
            <source>Affine (scale, rotation, shear)</source>
            <translation>仿射（缩放、旋转、错切）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="360" />
            <source>Click a spot on the drawing (a crossing, a corner), then the same spot on the map. At least 3 points, spread over the drawing.</source>
            <translation>先在图纸上点击一个位置（路口、拐角），再在地图上点击同一位置。至少 3 个点，分散在整张图上。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="272" />
            <source>Click a spot on the drawing first, then the same spot on the map.</source>
            <translation>请先在图纸上点击一个位置，再在地图上点击同一位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="156" />
            <source>Image x</source>
            <translation>图像 x</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="156" />
            <source>Image y</source>
            <translation>图像 y</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="157" />
            <source>Latitude</source>
            <translation>纬度</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="157" />
            <source>Longitude</source>
            <translation>经度</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="358" />
            <source>Now click the same spot on the map.</source>
            <translation>现在在地图上点击同一位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="211" />
            <source>Opacity:</source>
            <translation>不透明度：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="137" />
            <source>Pin the drawing on the map: %1</source>
            <extracomment>The page key of the preview drawn while pinning.</extracomment>
            <translation>将图纸配准到地图：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="330" />
            <source>RMS: %1 m over %2 point(s)</source>
            <translation>中误差（RMS）：%1 米，共 %2 个点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="326" />
            <source>RMS: no fit yet (%1 point(s))</source>
            <translation>中误差（RMS）：尚无拟合（%1 个点）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="158" />
            <source>Residual (m)</source>
            <translation>残差（米）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="168" />
            <source>Similarity / Helmert (one scale, rotation)</source>
            <translation>相似 / 赫尔默特（统一缩放、旋转）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="319" />
            <source>The drawing cannot be placed yet: %1</source>
            <translation>图纸还不能放置：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="322" />
            <source>The fit is not acceptable: %1</source>
            <translation>拟合不可接受：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="204" />
            <source>Transform:</source>
            <translation>变换：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/georefdialog.py" line="158" />
            <source>Use</source>
            <translation>使用</translation>
        </message>
    </context>
    <context>
        <name>ImportWizard</name>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="880" />
            <location filename="../../qxmap/ui/importwizard.py" line="898" />
            <source>Reading %1…</source>
            <translation>正在读取 %1…</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="974" />
            <source>Matching the features with the workspace…</source>
            <translation>正在将要素与工作空间匹配…</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="886" />
            <source>%1 cannot be read</source>
            <translation>无法读取 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="835" />
            <source>&amp;Import</source>
            <translation>导入(&amp;I)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="937" />
            <source>Choose a coordinate system to see where the data lands.</source>
            <translation>选择坐标系后即可看到数据落在何处。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="1007" />
            <source>Every feature is skipped or changes nothing.</source>
            <translation>所有要素均被跳过或不产生任何变化。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="832" />
            <location filename="../../qxmap/ui/importwizard.py" line="1015" />
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="1007" />
            <source>Nothing to import</source>
            <translation>没有可导入的内容</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="953" />
            <source>The data lands %1 km from the town: is the coordinate system right?</source>
            <translation>数据落在距清溪镇 %1 公里处：坐标系是否正确？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="955" />
            <source>The data lands in or near the town.</source>
            <translation>数据落在镇内或镇附近。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="1004" />
            <source>The import cannot be applied</source>
            <translation>无法执行导入</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="981" />
            <source>The import cannot be planned</source>
            <translation>无法生成导入方案</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="903" />
            <source>The layer cannot be read</source>
            <translation>无法读取该图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="991" />
            <source>The mapping was not saved</source>
            <translation>映射未保存</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="939" />
            <source>With this coordinate system the data cannot be placed.</source>
            <translation>按此坐标系无法确定数据的位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="945" />
            <source>With this coordinate system the data lands outside China or at sea: it is probably the wrong one.</source>
            <translation>按此坐标系，数据落在中国境外或海上：很可能选错了坐标系。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="88" />
            <source>Shapefile (*.shp)</source>
            <translation>Shapefile (*.shp)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="88" />
            <source>GeoPackage (*.gpkg)</source>
            <translation>GeoPackage (*.gpkg)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="88" />
            <source>GeoJSON (*.geojson *.json)</source>
            <translation>GeoJSON (*.geojson *.json)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="89" />
            <source>KML/KMZ (*.kml *.kmz)</source>
            <translation>KML/KMZ (*.kml *.kmz)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="89" />
            <source>GPX (*.gpx)</source>
            <translation>GPX (*.gpx)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="89" />
            <source>DXF drawing (*.dxf)</source>
            <translation>DXF 图纸 (*.dxf)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="90" />
            <source>CSV table (*.csv *.tsv)</source>
            <translation>CSV 表格 (*.csv *.tsv)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="90" />
            <source>Excel table (*.xlsx)</source>
            <translation>Excel 表格 (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="90" />
            <source>FlatGeobuf (*.fgb)</source>
            <translation>FlatGeobuf (*.fgb)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="91" />
            <source>MapInfo (*.tab *.mif)</source>
            <translation>MapInfo (*.tab *.mif)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="91" />
            <source>OpenStreetMap (*.osm *.pbf)</source>
            <translation>OpenStreetMap 数据 (*.osm *.pbf)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="91" />
            <source>Zip archive (*.zip)</source>
            <translation>Zip 压缩包 (*.zip)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="92" />
            <source>All files (*)</source>
            <translation>所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="679" />
            <source>Id</source>
            <translation>编号</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="679" />
            <source>Name (Chinese)</source>
            <translation>名称（中文）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="679" />
            <source>Name (English)</source>
            <translation>名称（英文）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="683" />
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="683" />
            <source>Expressway</source>
            <translation>所属高速</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="684" />
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="87" />
            <source>Map data and planners' files (%1)</source>
            <translation>地图数据与规划文件 (%1)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="419" />
            <source>certain</source>
            <translation>确定</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="419" />
            <source>high confidence</source>
            <translation>可信度高</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="420" />
            <source>medium confidence</source>
            <translation>可信度中等</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="420" />
            <source>low confidence</source>
            <translation>可信度低</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="424" />
            <source>WGS-84 longitude/latitude (EPSG:4326, GPS)</source>
            <translation>WGS-84 经纬度（EPSG:4326，GPS）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="425" />
            <source>CGCS2000 longitude/latitude (EPSG:4490)</source>
            <translation>CGCS2000 经纬度（EPSG:4490）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="426" />
            <source>CGCS2000 3° Gauss-Krüger CM 114°E (EPSG:4547)</source>
            <translation>CGCS2000 3度高斯-克吕格 中央经线 114°E（EPSG:4547）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="427" />
            <source>CGCS2000 3° Gauss-Krüger zone 38 (EPSG:4526)</source>
            <translation>CGCS2000 3度高斯-克吕格 第 38 带（EPSG:4526）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="428" />
            <source>Web Mercator (EPSG:3857)</source>
            <translation>Web 墨卡托（EPSG:3857）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="429" />
            <source>GCJ-02 (AMap, Tencent)</source>
            <translation>GCJ-02（高德、腾讯）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="430" />
            <source>BD-09 (Baidu)</source>
            <translation>BD-09（百度）</translation>
        </message>
    </context>
    <context>
        <name>LayerPage</name>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="232" />
            <source>Choose a layer</source>
            <translation>选择图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="233" />
            <source>Each layer of the file with its geometry, number of features and fields.</source>
            <translation>文件中的每个图层及其几何类型、要素数量和字段。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="234" />
            <source>Features</source>
            <translation>要素数</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="234" />
            <source>Fields</source>
            <translation>字段</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="234" />
            <source>Geometry</source>
            <translation>几何类型</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="234" />
            <source>Layer</source>
            <translation>图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="259" />
            <source>Not read:</source>
            <translation>未读取：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="251" />
            <source>no geometry</source>
            <translation>无几何</translation>
        </message>
    </context>
    <context>
        <name>LayerPanel</name>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="509" />
            <source>Layers</source>
            <extracomment>The Labels check was toggled: names on the map on or off.</extracomment>
            <translation>图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="545" />
            <source>Legend</source>
            <translation>图例</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="548" />
            <source>Status (colour)</source>
            <translation>状态（颜色）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="556" />
            <source>Road category (width)</source>
            <translation>道路类别（线宽）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="565" />
            <source>This view holds so many roads that they are all drawn 1 px wide; zoom in to see the widths by category.</source>
            <translation>此视图道路过密，全部以 1 像素细线绘制；放大地图即可看到按类别区分的线宽。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="573" />
            <source>Positions are schematic reconstructions from the town work report, not survey data. Each feature says how accurate it is.</source>
            <translation>位置为根据镇政府工作报告重建的示意位置，并非测绘数据。每个要素均注明其位置精度。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="531" />
            <source>Labels</source>
            <translation>标注</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="534" />
            <source>Names of roads, exits, parks and zones on the map: the most important first, as many as fit</source>
            <translation>在地图上标注道路、出入口、公园与片区名称：重要的优先，放得下多少显示多少</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="261" />
            <source>Opening %1…</source>
            <translation>正在打开 %1…</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="408" />
            <source>State as of %1</source>
            <translation>状态截至 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="224" />
            <source>&amp;Tools</source>
            <translation>工具(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="287" />
            <source>%1 was opened; %2 thing(s) in it were repaired while loading.</source>
            <translation>已打开 %1；载入时修复了其中 %2 处问题。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="74" />
            <location filename="../../qxmap/ui/mainwindow.py" line="326" />
            <source>Qingxi Infrastructure Map</source>
            <extracomment>Up to this many records saved at once, the table refreshes their rows one by one.</extracomment>
            <translation>清溪基建地图</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="164" />
            <source>Road status</source>
            <translation>道路状态</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="174" />
            <source>Layers and legend</source>
            <translation>图层与图例</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="184" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="185" />
            <source>&amp;Open dataset...</source>
            <translation>打开数据集(&amp;O)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="188" />
            <source>&amp;Reload</source>
            <translation>重新加载(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="191" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="200" />
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="204" />
            <source>&amp;Fit to town</source>
            <translation>缩放至全镇(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="208" />
            <source>&amp;Clear filters</source>
            <translation>清除筛选(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="215" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="216" />
            <source>&amp;About qxmap</source>
            <translation>关于 qxmap(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="230" />
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="234" />
            <source>As the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="248" />
            <source>The language changes the next time qxmap starts.</source>
            <translation>界面语言将在下次启动 qxmap 时更改。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="269" />
            <source>Cannot open %1</source>
            <translation>无法打开 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="337" />
            <source>Open dataset</source>
            <translation>打开数据集</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="340" />
            <source>Open a folder of GeoJSON layers</source>
            <translation>打开 GeoJSON 图层文件夹</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="284" />
            <location filename="../../qxmap/ui/mainwindow.py" line="351" />
            <source>… and %1 more (see the details)</source>
            <translation>…… 另有 %1 项（见详细信息）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="353" />
            <source>%1 cannot be opened: %2 problem(s). The data that was open stays open.</source>
            <translation>无法打开 %1：发现 %2 个问题。当前已打开的数据保持不变。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="286" />
            <location filename="../../qxmap/ui/mainwindow.py" line="358" />
            <source>qxmap</source>
            <translation>qxmap</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="443" />
            <source>%1 is not mapped yet: the report gives no position.</source>
            <translation>%1 尚未定位：报告未给出位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="480" />
            <source>qxmap (清溪基建地图) shows the infrastructure projects of Qingxi town, Dongguan, from the town government's work report.

Data sources: the projects, their phases and the words quoted for each come from the work report. Positions are a schematic reconstruction: the town outline is simplified, a few points come from map services (approximate), most lines and areas are schematic, and records the report counts without naming them are listed as not yet mapped. Nothing is survey data.</source>
            <translation>qxmap（清溪基建地图）根据镇政府工作报告，展示东莞市清溪镇的基础设施项目。

数据来源：项目、建设阶段及各项目引用的原文均来自工作报告。位置为示意重建：镇界经过简化，少数点位取自地图服务（大致位置），大部分线和面为示意位置，报告中只计数而未列名的项目列为尚未定位。所有数据均非测绘数据。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="486" />
            <source>About qxmap</source>
            <translation>关于 qxmap</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="495" />
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="496" />
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="338" />
            <source>qxmap data (*.geojson *.json *.gpkg)</source>
            <translation>qxmap 数据 (*.geojson *.json *.gpkg)</translation>
        </message>
    </context>
    <context>
        <name>MappingPage</name>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="594" />
            <source>(no value)</source>
            <translation>（无值）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="537" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="593" />
            <source>(unknown: skipped)</source>
            <translation>（未知：跳过）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="449" />
            <source>Count</source>
            <translation>数量</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="447" />
            <source>Default</source>
            <translation>默认值</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="449" />
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="447" />
            <source>Field in the file</source>
            <translation>文件中的字段</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="436" />
            <source>Fields and values</source>
            <translation>字段与取值</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="468" />
            <source>Import as:</source>
            <translation>导入为：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="469" />
            <source>Layer name:</source>
            <translation>图层名称：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="442" />
            <source>Reference layer (drawn, not tracked)</source>
            <translation>参考图层（仅显示，不跟踪）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="673" />
            <source>The mapping does not fit the file</source>
            <translation>映射与文件不符</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="449" />
            <source>Value in the file</source>
            <translation>文件中的取值</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="615" />
            <source>Values with no qxmap code (those features are skipped): %1</source>
            <translation>无对应 qxmap 代码的取值（这些要素将被跳过）：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="437" />
            <source>Which field of the file is which qxmap field, and which value is which code. The suggestions are filled in; change what is wrong.</source>
            <translation>文件中的哪个字段对应哪个 qxmap 字段，哪个取值对应哪个代码。已填入建议，请修改不对的地方。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="447" />
            <source>qxmap field</source>
            <translation>qxmap 字段</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="450" />
            <source>qxmap value</source>
            <translation>qxmap 取值</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="471" />
            <source>Only features whose field:</source>
            <translation>只导入字段：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="472" />
            <source>is one of (ticked):</source>
            <translation>取值为（勾选的）：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="503" />
            <source>(every feature)</source>
            <translation>（全部要素）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="463" />
            <source>Update the records the features match only (add no new records)</source>
            <translation>只更新要素匹配到的记录（不新增记录）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="529" />
            <source>Road number (proposes matches)</source>
            <translation>路线编号（用于推荐匹配）</translation>
        </message>
    </context>
    <context>
        <name>MeasureTool</name>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="38" />
            <source>Measure &amp;distance</source>
            <translation>测量距离(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="40" />
            <source>Measure &amp;area</source>
            <translation>测量面积(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="47" />
            <source>&amp;Stop measuring</source>
            <translation>停止测量(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="71" />
            <source>Click on the map to measure; Esc stops.</source>
            <translation>在地图上点击进行测量；按 Esc 停止。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="91" />
            <source>Area: click at least three points</source>
            <translation>面积：请至少点击三个点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="96" />
            <source>Area: %1 (perimeter %2)</source>
            <translation>面积：%1（周长 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="100" />
            <source>Distance: click the next point</source>
            <translation>距离：请点击下一个点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="104" />
            <source>Distance: %1</source>
            <translation>距离：%1</translation>
        </message>
    </context>
    <context>
        <name>NewRecordDialog</name>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="189" />
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="186" />
            <source>Layer</source>
            <translation>图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="187" />
            <source>Name (Chinese)</source>
            <translation>名称（中文）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="188" />
            <source>Name (English)</source>
            <translation>名称（英文）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="166" />
            <source>New record</source>
            <extracomment>Snapping tolerance in screen pixels. Drawing modes: the page's mode names. What each kind of drawing is, as the schema's geometry types.</extracomment>
            <translation>新记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" line="168" />
            <source>What you drew is not one of the selected records. Make it a new record:</source>
            <translation>所绘图形不属于所选记录。将其建为新记录：</translation>
        </message>
    </context>
    <context>
        <name>OverlayManager</name>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="304" />
            <source>Reading %1…</source>
            <translation>正在读取 %1…</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="163" />
            <source>%1 has %2 pages. Page to place:</source>
            <translation>%1 共 %2 页。要放置的页：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="341" />
            <source>%1 placed by %2</source>
            <translation>%1 已按 %2 放置</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="244" />
            <source>%1 planning drawing(s) of the workspace cannot be shown</source>
            <translation>工作区中有 %1 张规划图无法显示</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="343" />
            <source>(coordinate system guessed: %1)</source>
            <translation>（坐标系为推测：%1）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="290" />
            <source>A planning drawing is kept in a workspace: open one (File &gt; Open workspace) or make one (File &gt; New workspace from data).</source>
            <translation>规划图保存在工作区中：请打开一个工作区（文件 &gt; 打开工作区），或新建一个（文件 &gt; 从数据新建工作区）。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="117" />
            <source>Add &amp;planning drawing...</source>
            <extracomment>Image files offered by File &gt; Add planning drawing... The list of drawings or one's state changed. The problems of the last drawings read from the workspace (OverlayProblem). Hooks (tests, other dialogs): ask_page(path, count) -&gt; page index or None; confirm(message) -&gt; bool.</extracomment>
            <translation>添加规划图(&amp;P)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="294" />
            <source>Add planning drawing</source>
            <translation>添加规划图</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="295" />
            <source>Drawings (%1);;All files (*)</source>
            <translation>图纸 (%1);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="119" />
            <source>Lay a scanned plan (PNG, JPEG, TIFF or a PDF page) under the projects to trace roads from</source>
            <translation>将扫描的规划图（PNG、JPEG、TIFF 或 PDF 的一页）铺在项目之下，用来描绘道路</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="289" />
            <source>Open a workspace first</source>
            <translation>请先打开工作区</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="162" />
            <source>Page of the PDF</source>
            <translation>PDF 页码</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="269" />
            <source>Planning drawing %1 saved in %2</source>
            <translation>规划图 %1 已保存到 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="148" />
            <location filename="../../qxmap/ui/overlaypanel.py" line="158" />
            <source>Planning drawings</source>
            <translation>规划图</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="400" />
            <source>Remove the planning drawing %1 from the workspace?</source>
            <translation>从工作区中移除规划图 %1？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="326" />
            <source>The drawing %1 cannot be opened</source>
            <translation>无法打开图纸 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="409" />
            <source>The planning drawing was not removed</source>
            <translation>规划图未移除</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="261" />
            <location filename="../../qxmap/ui/overlaypanel.py" line="264" />
            <source>The planning drawing was not saved</source>
            <translation>规划图未保存</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="239" />
            <source>The planning drawings of the workspace cannot be read</source>
            <translation>无法读取工作区中的规划图</translation>
        </message>
    </context>
    <context>
        <name>OverlayPanel</name>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="433" />
            <source>Add...</source>
            <translation>添加...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="463" />
            <source>Opacity</source>
            <translation>不透明度</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="467" />
            <source>Pin the drawing again with control points</source>
            <translation>用控制点重新配准图纸</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="466" />
            <source>Pin...</source>
            <translation>配准...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="427" />
            <source>Planning drawings</source>
            <translation>规划图</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="470" />
            <source>Remove</source>
            <translation>移除</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/overlaypanel.py" line="429" />
            <source>Scanned plans laid under the projects; what is drawn over a shown one is recorded as traced</source>
            <translation>铺在项目之下的扫描规划图；在显示的规划图上绘制的内容记为“描绘”</translation>
        </message>
    </context>
    <context>
        <name>Problem</name>
        <message>
            <location filename="../../qxmap/atomicfile.py" line="26" />
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/atomicfile.py" line="40" />
            <source>the folder does not exist</source>
            <translation>文件夹不存在</translation>
        </message>
        <message>
            <location filename="../../qxmap/basemaps.py" line="144" />
            <source>天地图 (Tianditu) needs your key (tk): apply for one at the Tianditu developer site and enter it in Settings</source>
            <translation>天地图需要您的密钥（tk）：请到天地图开发者网站申请，并在设置中填写</translation>
        </message>
        <message>
            <location filename="../../qxmap/basemaps.py" line="138" />
            <source>unknown basemap %1; choose one of %2</source>
            <translation>未知的底图 %1；请选择以下之一：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="789" />
            <source>coordinates have a height (Z); it was dropped, qxmap keeps longitude and latitude</source>
            <translation>坐标带有高程（Z），已去掉；qxmap 只保留经纬度</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1190" />
            <source>coordinates lie outside the Dongguan area</source>
            <translation>坐标位于东莞范围之外</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1611" />
            <source>a file of at most %1 (qxmap's limit)</source>
            <translation>不超过 %1 的文件（qxmap 的上限）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1616" />
            <source>%1</source>
            <translation>%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1663" />
            <source>a value of type %1</source>
            <translation>%1 类型的值</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="664" />
            <source>JSON nested too deeply (%1 levels, starting at line %2, column %3); the file was not read</source>
            <translation>JSON 嵌套过深（%1 层，从第 %2 行第 %3 列开始）；未读取该文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="775" />
            <source>too many features (%1); qxmap holds at most %2 per layer; it was not read</source>
            <translation>要素过多（%1 个）；qxmap 每个图层最多容纳 %2 个；未读取</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="782" />
            <source>too many positions (%1 vertices); qxmap holds at most %2 per layer</source>
            <translation>坐标点过多（%1 个节点）；qxmap 每个图层最多容纳 %2 个</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="791" />
            <source>%1 (and %2 more feature(s) in this layer)</source>
            <translation>%1（本图层另有 %2 个要素同样如此）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1183" />
            <source>coordinates are not finite numbers</source>
            <translation>坐标不是有限数值</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1185" />
            <source>latitude and longitude look swapped</source>
            <translation>经纬度似乎颠倒了</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1189" />
            <source>coordinates look projected (metres), but the file declares no CRS</source>
            <translation>坐标看起来是投影坐标（米），但文件没有声明坐标系</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1596" />
            <source>one of %1</source>
            <translation>以下之一：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1598" />
            <source>a year (whole number 1990–2100) or empty</source>
            <translation>年份（1990–2100 的整数），或留空</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1600" />
            <source>a number from 0 to 100 or empty</source>
            <translation>0 到 100 之间的数字，或留空</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1602" />
            <source>a month (whole number 1–12) or empty</source>
            <translation>月份（1–12 的整数），或留空</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1604" />
            <source>an amount in 万元 (text with its unit: 1200万元, 3.5亿元) or empty</source>
            <translation>以万元计的金额（带单位的文本：1200万元、3.5亿元），或留空</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1606" />
            <source>a date YYYY-MM-DD or empty</source>
            <translation>YYYY-MM-DD 格式的日期，或留空</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1607" />
            <source>text (required)</source>
            <translation>文本（必填）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1607" />
            <source>text</source>
            <translation>文本</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1618" />
            <source>%1 or %2</source>
            <translation>%1 或 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1652" />
            <source>true/false</source>
            <translation>真/假值</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1654" />
            <source>a list</source>
            <translation>列表</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1656" />
            <source>an object</source>
            <translation>对象</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1658" />
            <source>binary data</source>
            <translation>二进制数据</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1660" />
            <source>a non-finite number</source>
            <translation>非有限数值</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1662" />
            <source>a number</source>
            <translation>数字</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="121" />
            <source>note: %1</source>
            <translation>提示：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="422" />
            <source>unsupported file type</source>
            <translation>不支持的文件类型</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="438" />
            <source>not a regular file but %1; it was not read</source>
            <translation>不是普通文件，而是%1；未读取</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="441" />
            <source>file too large (%1); it was not read</source>
            <translation>文件过大（%1）；未读取</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="619" />
            <source>Expecting value</source>
            <translation>此处缺少值</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="619" />
            <source>Extra data</source>
            <translation>结尾有多余内容</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="619" />
            <source>Expecting property name enclosed in double quotes</source>
            <translation>此处应为用双引号括起的属性名</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="620" />
            <source>Expecting ':' delimiter</source>
            <translation>此处缺少冒号“:”</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="620" />
            <source>Expecting ',' delimiter</source>
            <translation>此处缺少逗号“,”</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="620" />
            <source>Unterminated string starting at</source>
            <translation>字符串没有结束引号，起始于</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="621" />
            <source>Invalid control character at</source>
            <translation>无效的控制字符，位于</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="621" />
            <source>Invalid \escape</source>
            <translation>无效的转义符 \</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="621" />
            <source>Invalid \uXXXX escape</source>
            <translation>无效的 \uXXXX 转义</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="666" />
            <source>GeoJSON with plain values (text, numbers) in properties</source>
            <translation>属性中只含简单值（文本、数字）的 GeoJSON</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="707" />
            <source>coordinates do not match the geometry type</source>
            <translation>坐标与几何类型不符</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="719" />
            <source>unknown geometry type %1</source>
            <translation>未知几何类型 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="721" />
            <source>a %1 needs 'coordinates'</source>
            <translation>%1 需要 coordinates（坐标）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="777" />
            <source>a layer of at most %1 features (split it, or open the part you need)</source>
            <translation>要素数不超过 %1 的图层（请拆分图层，或只打开需要的部分）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="784" />
            <source>a layer of at most %1 vertices (simplify the lines, or split the layer)</source>
            <translation>节点数不超过 %1 的图层（请简化线条，或拆分图层）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1182" />
            <source>coordinates cannot be converted to longitude/latitude (not finite after reprojection)</source>
            <translation>坐标无法转换为经纬度（转换后不是有限数值）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1188" />
            <source>coordinates are not longitude/latitude after reprojection</source>
            <translation>转换坐标系后仍不是经纬度</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1641" />
            <source>control characters removed (%1)</source>
            <translation>已删除控制字符（%1）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1644" />
            <source>invalid characters (lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD</source>
            <translation>无效字符（孤立代理项、U+FFFE/U+FFFF）已替换为 U+FFFD</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1646" />
            <source>%1; %2</source>
            <translation>%1；%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1686" />
            <source>%1 where text is expected</source>
            <translation>此处应为文本，却是%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="124" />
            <source>%1 (value: %2)</source>
            <translation>%1（值：%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="126" />
            <source>%1; expected %2</source>
            <translation>%1；应为 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="348" />
            <source>no qxmap layers found</source>
            <translation>未找到 qxmap 图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="386" />
            <source>no such file or folder</source>
            <translation>文件或文件夹不存在</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="423" />
            <source>a folder, a .geojson/.json file or a .gpkg file</source>
            <translation>文件夹、.geojson/.json 文件或 .gpkg 文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="439" />
            <source>a regular .geojson, .json or .gpkg file</source>
            <translation>普通的 .geojson、.json 或 .gpkg 文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="459" />
            <source>cannot be read: %1</source>
            <translation>无法读取：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="526" />
            <source>file ends too early (truncated?)</source>
            <translation>文件提前结束（可能不完整？）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="526" />
            <source>broken JSON</source>
            <translation>JSON 格式错误</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="537" />
            <source>not a GeoJSON FeatureCollection</source>
            <translation>不是 GeoJSON 要素集合（FeatureCollection）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="579" />
            <source>features without a known 'layer' property</source>
            <translation>要素缺少可识别的 layer 属性</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="605" />
            <source>unsupported 'crs' member</source>
            <translation>不支持的 crs 成员</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="694" />
            <source>a position must be [longitude, latitude]</source>
            <translation>坐标点必须是 [经度, 纬度]</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="696" />
            <source>a coordinate is not a number</source>
            <translation>坐标不是数字</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="704" />
            <source>a coordinate is not a finite number</source>
            <translation>坐标不是有限数值</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="728" />
            <source>not a valid %1: %2</source>
            <translation>不是有效的 %1：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1166" />
            <source>WGS-84 longitude/latitude near Dongguan (lon %1–%2, lat %3–%4) or a file that declares its CRS</source>
            <translation>东莞附近的 WGS-84 经纬度（经度 %1–%2，纬度 %3–%4），或声明了坐标系的文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1677" />
            <source>required value is empty</source>
            <translation>必填值为空</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1683" />
            <source>id must be text, not %1</source>
            <translation>id 必须是文本，而不是%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1693" />
            <source>unknown %1</source>
            <translation>未知的 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1697" />
            <source>%1 where a budget is expected</source>
            <translation>此处应为预算，却是%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1715" />
            <source>not a whole-number month</source>
            <translation>月份不是整数</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1717" />
            <source>month out of range</source>
            <translation>月份超出范围</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1721" />
            <source>not a whole-number year</source>
            <translation>年份不是整数</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1729" />
            <source>year out of range</source>
            <translation>年份超出范围</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1733" />
            <source>not a number</source>
            <translation>不是数字</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1735" />
            <source>not a finite number</source>
            <translation>不是有限数值</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1737" />
            <source>percentage out of range</source>
            <translation>百分比超出范围</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="118" />
            <source>feature %1</source>
            <translation>要素 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="120" />
            <source>field '%1'</source>
            <translation>字段“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="349" />
            <source>files named %1 or a GeoPackage with such layers</source>
            <translation>名为 %1 的文件，或含这些图层的 GeoPackage</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="365" />
            <source>required layer '%1' is missing</source>
            <translation>缺少必需的图层“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="383" />
            <source>cannot be opened: %1</source>
            <translation>无法打开：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="430" />
            <source>layer '%1' also comes from %2</source>
            <translation>图层“%1”也来自 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="487" />
            <source>file too large (more than %1); it was not read</source>
            <translation>文件过大（超过 %1）；未读取</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="513" />
            <source>not UTF-8 text (byte %1, line %2: %3)</source>
            <translation>不是 UTF-8 文本（第 %1 字节，第 %2 行：%3）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="527" />
            <source>%1: %2 at line %3, column %4</source>
            <translation>%1：%2（第 %3 行，第 %4 列）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="548" />
            <source>not a GeoJSON Feature</source>
            <translation>不是 GeoJSON 要素（Feature）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="581" />
            <source>the file named after a layer, or each feature's 'layer' one of %1</source>
            <translation>以图层命名的文件，或每个要素的 layer 为以下之一：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="606" />
            <source>%1 or no crs (WGS-84 longitude/latitude)</source>
            <translation>%1，或不写 crs（WGS-84 经纬度）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="612" />
            <source>unknown CRS: %1</source>
            <translation>未知坐标系：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1114" />
            <source>duplicate id</source>
            <translation>id 重复</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1794" />
            <source>wrong geometry type for layer '%1'</source>
            <translation>几何类型不适用于图层“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1802" />
            <source>invalid geometry: %1</source>
            <translation>无效几何：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1806" />
            <source>a feature with geometry cannot be 'unmapped'</source>
            <translation>有几何的要素不能标为“未落图”（unmapped）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="333" />
            <source>unexpected error while loading: %1: %2 (a bug in qxmap; please report it with the file)</source>
            <translation>加载时发生意外错误：%1：%2（这是 qxmap 的缺陷，请连同文件一起报告）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="366" />
            <source>a file %1.geojson in the folder (an empty FeatureCollection if it has no features)</source>
            <translation>文件夹中的 %1.geojson 文件（没有要素时为空的 FeatureCollection）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="393" />
            <source>cannot list the folder: %1</source>
            <translation>无法列出文件夹内容：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="431" />
            <source>each layer once</source>
            <translation>每个图层只出现一次</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="515" />
            <source>UTF-8 GeoJSON (save the file as UTF-8, not GBK or Latin-1)</source>
            <translation>UTF-8 编码的 GeoJSON（请以 UTF-8 保存文件，而非 GBK 或 Latin-1）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="529" />
            <source>a complete GeoJSON FeatureCollection</source>
            <translation>完整的 GeoJSON FeatureCollection</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="552" />
            <source>properties is not an object</source>
            <translation>properties 不是对象</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="613" />
            <source>a CRS name such as urn:ogc:def:crs:EPSG::4547</source>
            <translation>坐标系名称，例如 urn:ogc:def:crs:EPSG::4547</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="756" />
            <source>bad geometry: %1</source>
            <translation>几何有误：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="826" />
            <source>not a readable GeoPackage: %1</source>
            <translation>不是可读取的 GeoPackage：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1115" />
            <source>ids unique across the dataset (also in %1)</source>
            <translation>在整个数据集中唯一的 id（%1 中也有）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1233" />
            <source>required field is missing from the layer</source>
            <translation>图层缺少必填字段</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1270" />
            <source>start year is after the target year</source>
            <translation>开工年份晚于目标年份</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1283" />
            <source>completion date is before the actual start</source>
            <translation>竣工日期早于实际开工日期</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1787" />
            <source>geometry is missing</source>
            <translation>缺少几何</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1799" />
            <source>finite longitude/latitude</source>
            <translation>有限的经纬度数值</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1804" />
            <source>a valid (OGC simple features) geometry</source>
            <translation>有效的（OGC 简单要素）几何</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1808" />
            <source>surveyed, approximate or schematic</source>
            <translation>surveyed（实测）、approximate（近似）或 schematic（示意）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="371" />
            <source>a table '%1' in the GeoPackage (it may be empty)</source>
            <translation>GeoPackage 中的“%1”表（可以为空）</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="375" />
            <source>features whose 'layer' property is '%1'</source>
            <translation>layer 属性为“%1”的要素</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="403" />
            <source>not a qxmap layer name</source>
            <translation>不是 qxmap 图层名</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="554" />
            <source>an object or null</source>
            <translation>对象或 null</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="557" />
            <source>geometry is not a GeoJSON geometry object</source>
            <translation>geometry 不是 GeoJSON 几何对象</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="759" />
            <source>a GeoJSON geometry with [longitude, latitude] positions</source>
            <translation>以 [经度, 纬度] 为坐标点的 GeoJSON 几何</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1137" />
            <source>cannot reproject from %1: %2</source>
            <translation>无法从 %1 转换坐标：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1272" />
            <source>a year no later than target %1</source>
            <translation>不晚于目标年份 %1 的年份</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1275" />
            <source>planned start month is after the target month</source>
            <translation>计划开工月份晚于目标月份</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1285" />
            <source>a date no earlier than actual_start %1</source>
            <translation>不早于实际开工日期 actual_start %1 的日期</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1790" />
            <source>a feature without geometry must say it is not mapped</source>
            <translation>没有几何的要素必须标明未落图</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="559" />
            <source>an object with 'type' and 'coordinates', or null</source>
            <translation>含 type 和 coordinates 的对象，或 null</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1139" />
            <source>a CRS that converts to WGS-84</source>
            <translation>可转换为 WGS-84 的坐标系</translation>
        </message>
        <message>
            <location filename="../../qxmap/dataset.py" line="1277" />
            <source>a month no later than target %1</source>
            <translation>不晚于目标 %1 的月份</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="351" />
            <source>planned start</source>
            <translation>计划开工</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="351" />
            <source>target</source>
            <translation>目标</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="159" />
            <source>'%1' cannot be edited; editable fields are %2</source>
            <translation>“%1”不可编辑；可编辑的字段为 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="201" />
            <source>actual start</source>
            <translation>实际开工</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="201" />
            <source>completion date</source>
            <translation>竣工日期</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="208" />
            <source>%1 must be text, not %2</source>
            <translation>%1 必须是文字，而不是 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="210" />
            <source>%1 is longer than %2 characters</source>
            <translation>%1 超过 %2 个字符</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="247" />
            <source>status '%1' -&gt; '%2': %3</source>
            <translation>状态“%1”→“%2”：%3</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="316" />
            <source>a period is a year or YYYY-MM, not %1</source>
            <translation>时段应为年份或 YYYY-MM，而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="319" />
            <source>%1 is not a year (2019) or a year and month (2019-06)</source>
            <translation>%1 不是年份（2019）或年月（2019-06）</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="323" />
            <source>year %1 is out of range; expected %2–%3</source>
            <translation>年份 %1 超出范围；应为 %2–%3</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="325" />
            <source>month %1 of %2 is not 1–12</source>
            <translation>%2 中的月份 %1 不在 1–12 之间</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="374" />
            <source>%1 %2</source>
            <translation>%1 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="163" />
            <source>%1 is required; expected one of %2</source>
            <translation>%1 为必填项；应为以下之一：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="166" />
            <source>unknown %1 %2; expected one of %3</source>
            <translation>未知的 %1 %2；应为以下之一：%3</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="173" />
            <source>%1 year %2 is not a whole-number year</source>
            <translation>%1 年份 %2 不是整数年份</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="176" />
            <source>%1 year %2 is out of range; expected %3–%4</source>
            <translation>%1 年份 %2 超出范围；应为 %3–%4</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="183" />
            <source>progress %1 is not a number; expected 0–100 (%)</source>
            <translation>进度 %1 不是数字；应为 0–100（%）</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="185" />
            <source>progress %1 % is out of range; expected 0–100</source>
            <translation>进度 %1 % 超出范围；应为 0–100</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="192" />
            <source>%1 %2 is not a month; expected 1–12</source>
            <translation>%1 %2 不是月份；应为 1–12</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="232" />
            <source>unknown road or exit id '%1'</source>
            <translation>未知的道路或出入口编号“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="233" />
            <source>unknown road or exit id</source>
            <translation>未知的道路或出入口编号</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="242" />
            <source>status is already '%1'</source>
            <translation>状态已经是“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="244" />
            <source>status set to '%1'</source>
            <translation>状态设为“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="254" />
            <source>target year %1 is before the start year %2</source>
            <translation>目标年份 %1 早于开工年份 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="258" />
            <source>%1 needs a %2 year first (write the period as YYYY-MM, e.g. 2019-06)</source>
            <translation>%1 需要先填写 %2 年份（时段写作 YYYY-MM，例如 2019-06）</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="264" />
            <source>planned start %1 is after the target %2</source>
            <translation>计划开工 %1 晚于目标 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="274" />
            <source>completion date %1 is before the actual start %2</source>
            <translation>竣工日期 %1 早于实际开工 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="313" />
            <source>%1 is not a year</source>
            <translation>%1 不是年份</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="424" />
            <source>a completed road is 100 % done</source>
            <translation>已竣工的道路进度为 100%</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="426" />
            <source>its build phase '%1' says the work has not started</source>
            <translation>其建设阶段“%1”表明工程尚未开工</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="253" />
            <source>start year %1 is after the target year %2</source>
            <translation>开工年份 %1 晚于目标年份 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="268" />
            <source>actual start %1 is in the future; record it on the day it happens</source>
            <translation>实际开工 %1 在未来；请在当天再记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="270" />
            <source>completion date %1 is in the future; record it on the day it happens</source>
            <translation>竣工日期 %1 在未来；请在当天再记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="366" />
            <source>target %1 is before the planned start %2</source>
            <translation>目标 %1 早于计划开工 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="61" />
            <source>a step forward</source>
            <translation>前进一步</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="64" />
            <source>going from '%1' back to '%2' is a step backwards (the project is recorded as completed)</source>
            <translation>从“%1”退回“%2”是倒退（该项目已记录为竣工）</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="66" />
            <source>Going from '%1' back to '%2' is a step backwards (the project is recorded as completed).</source>
            <translation>从“%1”退回“%2”是倒退（该项目已记录为竣工）。</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="70" />
            <source>going from '%1' back to '%2' is a step backwards</source>
            <translation>从“%1”退回“%2”是倒退</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="71" />
            <source>Going from '%1' back to '%2' is a step backwards.</source>
            <translation>从“%1”退回“%2”是倒退。</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="74" />
            <source>putting a completed project on hold is a step backwards</source>
            <translation>将已竣工项目设为暂停是倒退</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="75" />
            <source>Putting a completed project on hold is a step backwards.</source>
            <translation>将已竣工项目设为暂停是倒退。</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="77" />
            <source>work paused</source>
            <translation>工程暂停</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="81" />
            <source>going from 'on_hold' straight to 'completed' skips resuming the work</source>
            <translation>从“on_hold”直接改为“completed”跳过了复工</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="82" />
            <source>Going from 'on_hold' straight to 'completed' skips resuming the work.</source>
            <translation>从“on_hold”直接改为“completed”跳过了复工。</translation>
        </message>
        <message>
            <location filename="../../qxmap/editing.py" line="84" />
            <source>work resumed</source>
            <translation>工程复工</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/__init__.py" line="67" />
            <source>unknown export format %1 (expected one of: %2)</source>
            <translation>未知的导出格式 %1（应为以下之一：%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/__init__.py" line="70" />
            <source>the file name ends in .%1 but the format is %2</source>
            <translation>文件名以 .%1 结尾，但格式是 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/__init__.py" line="119" />
            <source>%1 is a folder: give a file name</source>
            <translation>%1 是文件夹：请给出文件名</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/__init__.py" line="143" />
            <source>width_px must be a whole number from 100 to 4000, not %1</source>
            <translation>width_px 必须是 100 到 4000 之间的整数，而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/__init__.py" line="63" />
            <source>cannot tell the format of %1: give a format (%2) or a file name ending in one of them</source>
            <translation>无法判断 %1 的格式：请指定格式（%2），或使用以其中之一结尾的文件名</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/__init__.py" line="82" />
            <source>option %1 does not apply to %2 exports (%2 takes: %3)</source>
            <translation>选项 %1 不适用于 %2 导出（%2 可用：%3）</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/common.py" line="59" />
            <source>export cancelled</source>
            <translation>导出已取消</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/common.py" line="140" />
            <source>lang must be 'zh' or 'en', not %1</source>
            <translation>语言必须是 zh 或 en，而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/common.py" line="73" />
            <source>progress must be a callable(fraction, message) or None</source>
            <translation>progress 必须是可调用对象 (fraction, message) 或 None</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/common.py" line="75" />
            <source>cancel must be a callable() returning True to cancel, or None</source>
            <translation>cancel 必须是返回 True 表示取消的可调用对象，或 None</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/deck.py" line="610" />
            <source>preparing data</source>
            <translation>正在准备数据</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/deck.py" line="637" />
            <source>writing PPTX</source>
            <translation>正在写入 PPTX</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/deck.py" line="639" />
            <source>done</source>
            <translation>完成</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/deck.py" line="632" />
            <source>placing the pictures</source>
            <translation>正在放置图片</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/deck.py" line="625" />
            <source>overview map</source>
            <translation>总览图</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/deck.py" line="627" />
            <source>status chart</source>
            <translation>状态图表</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/deck.py" line="630" />
            <source>phase %1</source>
            <translation>阶段 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/fonts.py" line="55" />
            <source>the Chinese font (NotoSansCJKsc-Regular.otf from the mplfonts package) is not installed; reinstall qxmap with its dependencies</source>
            <translation>未安装中文字体（mplfonts 包中的 NotoSansCJKsc-Regular.otf）；请连同依赖项重新安装 qxmap</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="310" />
            <source>laying out the page</source>
            <translation>正在排版页面</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="335" />
            <source>drawing the map</source>
            <translation>正在绘制地图</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="338" />
            <source>drawing the legend</source>
            <translation>正在绘制图例</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="515" />
            <source>map image ready</source>
            <translation>地图图像已就绪</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="99" />
            <source>cannot tell the format from %1: give a format or a file suffix</source>
            <translation>无法从 %1 判断格式：请指定格式或文件后缀</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="101" />
            <source>unsupported file type .%1 (expected one of: %2)</source>
            <translation>不支持的文件类型 .%1（应为以下之一：%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="108" />
            <source>paper must be one of %1, not %2</source>
            <translation>纸张必须是 %1 之一，而不是 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="110" />
            <source>orientation must be one of %1, not %2</source>
            <translation>方向必须是 %1 之一，而不是 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="112" />
            <source>dpi must be one of %1, not %2</source>
            <translation>分辨率（dpi）必须是 %1 之一，而不是 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="114" />
            <source>print layout format must be one of %1, not %2</source>
            <translation>打印版面格式必须是 %1 之一，而不是 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="422" />
            <source>writing %1</source>
            <translation>正在写入 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/layout.py" line="511" />
            <source>rendering the image</source>
            <translation>正在渲染图像</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/mapart.py" line="317" />
            <source>placing labels</source>
            <translation>正在放置标注</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="64" />
            <source>extent must be 'town', 'filtered' or (west, south, east, north), not %1</source>
            <translation>范围必须是 town（全镇）、filtered（筛选结果）或（西, 南, 东, 北），而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="51" />
            <source>%1 is too long (at most %2 characters)</source>
            <translation>%1 太长（最多 %2 个字符）</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="82" />
            <source>extent values must be finite numbers</source>
            <translation>范围的数值必须是有限数</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="84" />
            <source>extent (%1, %2, %3, %4) is not west &lt; east, south &lt; north in degrees</source>
            <translation>范围（%1, %2, %3, %4）不满足以度为单位的 西 &lt; 东、南 &lt; 北</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="187" />
            <source>logo %1 is too large (%2 KB; at most %3 MB)</source>
            <translation>标志 %1 太大（%2 KB；最多 %3 MB）</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="129" />
            <source>label_size must be one of %1, not %2</source>
            <translation>标注大小必须是 %1 之一，而不是 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="152" />
            <source>layout settings must be a mapping, not %1</source>
            <translation>版面设置必须是键值表，而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="185" />
            <source>logo %1 cannot be read: %2</source>
            <translation>标志 %1 无法读取：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="200" />
            <source>logo %1 is not an image (PNG or JPEG expected): %2</source>
            <translation>标志 %1 不是图像（应为 PNG 或 JPEG）：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="111" />
            <source>notes are too long (at most %1 characters)</source>
            <translation>备注太长（最多 %1 个字符）</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="118" />
            <source>logo must be a file path, not %1</source>
            <translation>标志必须是文件路径，而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="120" />
            <source>logo is not a valid file path</source>
            <translation>标志不是有效的文件路径</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="182" />
            <source>logo %1 is not a file</source>
            <translation>标志 %1 不是文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="182" />
            <source>logo %1 does not exist</source>
            <translation>标志 %1 不存在</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="192" />
            <source>logo %1 is not a PNG or JPEG image (it is %2)</source>
            <translation>标志 %1 不是 PNG 或 JPEG 图像（而是 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/settings.py" line="194" />
            <source>logo %1 is too large (%2 x %3 pixels)</source>
            <translation>标志 %1 太大（%2 x %3 像素）</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/snapshot.py" line="43" />
            <source>the map image must be PNG bytes, not %1</source>
            <translation>地图图像必须是 PNG 字节，而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/snapshot.py" line="73" />
            <source>scale must be a number from 0.5 to 4, not %1</source>
            <translation>像素密度必须是 0.5 到 4 之间的数，而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/snapshot.py" line="75" />
            <source>aspect must be one of %1, not %2</source>
            <translation>画面比例必须是 %1 之一，而不是 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/snapshot.py" line="52" />
            <source>the map image is not a PNG image</source>
            <translation>地图图像不是 PNG 图像</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/snapshot.py" line="79" />
            <source>metres_per_px must be a positive number, not %1</source>
            <translation>metres_per_px 必须是正数，而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/snapshot.py" line="47" />
            <source>the map image must be a PNG (it is %1)</source>
            <translation>地图图像必须是 PNG（而是 %1）</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/snapshot.py" line="49" />
            <source>the map image has an unusable size (%1 x %2)</source>
            <translation>地图图像的尺寸不可用（%1 x %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/tables.py" line="211" />
            <source>collecting records</source>
            <translation>正在收集记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/tables.py" line="213" />
            <source>writing CSV</source>
            <translation>正在写入 CSV</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/tables.py" line="279" />
            <source>building the sheets</source>
            <translation>正在生成工作表</translation>
        </message>
        <message>
            <location filename="../../qxmap/exports/tables.py" line="297" />
            <source>writing XLSX</source>
            <translation>正在写入 XLSX</translation>
        </message>
        <message>
            <location filename="../../qxmap/filecheck.py" line="17" />
            <source>%1 bytes</source>
            <translation>%1 字节</translation>
        </message>
        <message>
            <location filename="../../qxmap/filecheck.py" line="32" />
            <source>a special file</source>
            <translation>特殊文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/filecheck.py" line="25" />
            <source>a folder</source>
            <translation>文件夹</translation>
        </message>
        <message>
            <location filename="../../qxmap/filecheck.py" line="27" />
            <source>a named pipe (FIFO)</source>
            <translation>命名管道（FIFO）</translation>
        </message>
        <message>
            <location filename="../../qxmap/filecheck.py" line="29" />
            <source>a device</source>
            <translation>设备文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/filecheck.py" line="31" />
            <source>a socket</source>
            <translation>套接字</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="114" />
            <source>%1 is not a coordinate (coordinates must be finite numbers)</source>
            <translation>%1 不是坐标（坐标必须是有限数值）</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="497" />
            <source>unknown kind of geometry %1</source>
            <translation>未知的几何种类 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="86" />
            <source>expected a GeoJSON object, not %1</source>
            <translation>应为 GeoJSON 对象，而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="103" />
            <source>unknown GeoJSON geometry type %1</source>
            <translation>未知的 GeoJSON 几何类型 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="119" />
            <source>the coordinates are nested too deeply</source>
            <translation>坐标嵌套过深</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="121" />
            <source>coordinates must be arrays of numbers</source>
            <translation>坐标必须是数字数组</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="137" />
            <source>no WKT given</source>
            <translation>未给出 WKT</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="139" />
            <source>the WKT is too long (%1 characters)</source>
            <translation>WKT 过长（%1 个字符）</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="142" />
            <source>coordinates are not finite numbers (NaN or infinity)</source>
            <translation>坐标不是有限数值（NaN 或无穷大）</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="184" />
            <source>unknown layer %1</source>
            <translation>未知的图层 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="228" />
            <source>no geometry given</source>
            <translation>未给出几何图形</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="232" />
            <source>a %1 cannot go in the layer '%2' (it takes %3)</source>
            <translation>%1 不能放入图层“%2”（该图层接受 %3）</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="240" />
            <source>coordinates are not WGS-84 longitude/latitude degrees (projected coordinates need their CRS, e.g. --crs EPSG:4547)</source>
            <translation>坐标不是 WGS-84 经纬度（投影坐标需注明其坐标系，例如 --crs EPSG:4547）</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="266" />
            <source>unknown accuracy %1; expected one of %2</source>
            <translation>未知的精度 %1；应为以下之一：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="268" />
            <source>a record with a geometry cannot be 'unmapped'</source>
            <translation>有几何图形的记录不能为“unmapped”</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="270" />
            <source>a record without a geometry is 'unmapped'</source>
            <translation>没有几何图形的记录即为“unmapped”</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="390" />
            <source>only a single line (LineString) can be split at a vertex</source>
            <translation>只有单条线（LineString）才能在节点处拆分</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="393" />
            <source>vertex %1 is not an inner vertex of the line (it has %2 vertices, 0-%3; ends cannot split it)</source>
            <translation>节点 %1 不是该线的内部节点（该线有 %2 个节点，编号 0-%3；端点不能拆分）</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="414" />
            <source>the two roads do not share an end point (snap one road's end to the other's first)</source>
            <translation>两条道路没有共同的端点（请先把一条道路的端点吸附到另一条的端点上）</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="503" />
            <source>the geometry has no vertex %1 in part %2</source>
            <translation>该几何图形的第 %2 部分没有节点 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="517" />
            <source>a point has no segment to add a vertex to</source>
            <translation>点没有可添加节点的线段</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="531" />
            <source>a polygon ring keeps at least three vertices</source>
            <translation>多边形的环至少保留三个节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="532" />
            <source>a line keeps at least two vertices</source>
            <translation>线至少保留两个节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="533" />
            <source>this vertex cannot be deleted: %1 (delete the geometry instead)</source>
            <translation>无法删除此节点：%1（请改为删除整个几何图形）</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="546" />
            <source>only a single line (LineString) can be continued</source>
            <translation>只有单条线（LineString）才能延长</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="549" />
            <source>no vertices to add</source>
            <translation>没有要添加的节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="666" />
            <source>the layer '%1' has no field(s) %2</source>
            <translation>图层“%1”没有字段 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="701" />
            <source>%1 is required</source>
            <translation>%1 为必填项</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="75" />
            <source>the GeoJSON is too large (%1 characters; at most %2)</source>
            <translation>GeoJSON 过大（%1 个字符；最多 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="92" />
            <source>the FeatureCollection holds %1 features; give exactly one</source>
            <translation>该 FeatureCollection 含有 %1 个要素；请只给出一个</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="100" />
            <source>the Feature's geometry is not a GeoJSON object</source>
            <translation>该 Feature 的几何不是 GeoJSON 对象</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="109" />
            <source>malformed %1 coordinates: %2</source>
            <translation>%1 坐标格式错误：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="124" />
            <source>a position needs a longitude and a latitude</source>
            <translation>位置需要经度和纬度</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="148" />
            <source>not valid WKT: %1</source>
            <translation>无效的 WKT：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="245" />
            <source>a line needs at least two distinct vertices</source>
            <translation>线至少需要两个不同的节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="253" />
            <source>the polygon crosses itself (%1); draw its outline without crossings</source>
            <translation>多边形自相交（%1）；请绘制不交叉的轮廓</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="258" />
            <source>the geometry reaches %1 km outside the town's extent (at most %2 km): wrong coordinates or wrong CRS?</source>
            <translation>该几何图形超出镇域范围 %1 公里（最多 %2 公里）：坐标或坐标系有误？</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="485" />
            <source>a point is one click, not %1</source>
            <translation>点只需单击一次，而不是 %1 次</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="495" />
            <source>a polygon needs at least three distinct vertices</source>
            <translation>多边形至少需要三个不同的节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="72" />
            <source>the GeoJSON is not UTF-8 text</source>
            <translation>该 GeoJSON 不是 UTF-8 文本</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="82" />
            <source>not valid JSON: %1</source>
            <translation>无效的 JSON：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/geometry_edits.py" line="249" />
            <source>a polygon ring needs at least three distinct vertices</source>
            <translation>多边形的环至少需要三个不同的节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="186" />
            <source>not an EPSG code: %1</source>
            <translation>不是 EPSG 代码：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="252" />
            <source>cannot tell the coordinate system of (%1, %2): give its EPSG code (e.g. EPSG:4547 for CGCS2000 3-degree Gauss-Krüger CM 114E)</source>
            <translation>无法判断 (%1, %2) 的坐标系：请给出其 EPSG 代码（例如 CGCS2000 3 度带高斯-克吕格 中央经线 114E 为 EPSG:4547）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="159" />
            <source>EPSG:%1 (%2) is not a horizontal coordinate system</source>
            <translation>EPSG:%1（%2）不是平面/地理坐标系</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="222" />
            <source>the coordinates are within ±180/±90: taken as WGS-84 degrees</source>
            <translation>坐标在 ±180/±90 之内：按 WGS-84 经纬度处理</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="57" />
            <source>a CRS is either an EPSG code or a local transverse Mercator origin</source>
            <translation>坐标系要么是 EPSG 代码，要么是局部横轴墨卡托原点</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="121" />
            <source>%1: expected an object, got %2</source>
            <translation>%1：应为对象，实为 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="124" />
            <source>%1: expected exactly one of 'epsg' or 'tmerc_origin'</source>
            <translation>%1：应恰有 “epsg” 或 “tmerc_origin” 之一</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="182" />
            <source>not an EPSG code: %1 (write e.g. EPSG:4547)</source>
            <translation>不是 EPSG 代码：%1（请写作例如 EPSG:4547）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="226" />
            <source>the easting starts with zone %1: taken as CGCS2000 3-degree Gauss-Krüger zone %1</source>
            <translation>东坐标以带号 %1 开头：按 CGCS2000 3 度带高斯-克吕格第 %1 带处理</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="229" />
            <source>the easting starts with zone %1: taken as CGCS2000 6-degree Gauss-Krüger zone %1</source>
            <translation>东坐标以带号 %1 开头：按 CGCS2000 6 度带高斯-克吕格第 %1 带处理</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="68" />
            <source>local transverse Mercator origin out of range: %1, %2</source>
            <translation>局部横轴墨卡托原点超出范围：%1, %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="133" />
            <source>expected [lon, lat]</source>
            <translation>应为 [经度, 纬度]</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="149" />
            <source>EPSG:%1 is not a coordinate system pyproj knows</source>
            <translation>EPSG:%1 不是 pyproj 已知的坐标系</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="250" />
            <source>the coordinates fall within %1 km of %2E %3N as %4 (EPSG:%5)</source>
            <translation>按 %4（EPSG:%5）计算，坐标落在 %2E %3N 的 %1 公里范围内</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/crs.py" line="129" />
            <source>expected an integer EPSG code, got %1</source>
            <translation>应为整数 EPSG 代码，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/errors.py" line="41" />
            <source>%1: expected a number, got %2</source>
            <translation>%1：应为数字，实为 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/errors.py" line="44" />
            <source>%1: not a finite number: %2</source>
            <translation>%1：不是有限数值：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="54" />
            <source>affine</source>
            <translation>仿射</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="54" />
            <source>similarity</source>
            <translation>相似</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="55" />
            <source>an affine fit</source>
            <translation>仿射拟合</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="55" />
            <source>a similarity fit</source>
            <translation>相似拟合</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="62" />
            <source>unknown transform kind %1: expected 'affine' or 'similarity'</source>
            <translation>未知的变换类型 %1：应为 “affine” 或 “similarity”</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="99" />
            <source>not a control point: %1</source>
            <translation>不是控制点：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="146" />
            <source>%1 fit, RMS %2 m over %3 point</source>
            <translation>%1拟合，中误差 %2 米，共 %3 个点</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="147" />
            <source>%1 fit, RMS %2 m over %3 points</source>
            <translation>%1拟合，中误差 %2 米，共 %3 个点</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="149" />
            <source>%1; worst #%2 (%3 m)</source>
            <translation>%1；最差为 #%2（%3 米）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="156" />
            <source>%1.</source>
            <translation>%1。</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="156" />
            <source>%1: not acceptable.</source>
            <translation>%1：不可接受。</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="200" />
            <source>max_rms_m must be positive, got %1</source>
            <translation>max_rms_m 必须为正数，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="224" />
            <source>a control point cannot be projected (far from the others?)</source>
            <translation>有控制点无法投影（离其他点太远？）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="229" />
            <source>points #%1 and #%2 are the same spot on the image: drop one</source>
            <translation>点 #%1 与 #%2 在图纸上是同一位置：请删除其一</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="233" />
            <source>points #%1 and #%2 are the same spot on the map: drop one</source>
            <translation>点 #%1 与 #%2 在地图上是同一位置：请删除其一</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="84" />
            <source>pixel position out of range: (%1, %2)</source>
            <translation>像素位置超出范围：(%1, %2)</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="86" />
            <source>not a lon/lat position: (%1, %2)</source>
            <translation>不是经纬度位置：(%1, %2)</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="88" />
            <source>enabled: expected true or false, got %1</source>
            <translation>enabled：应为 true 或 false，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="90" />
            <source>label: expected text, got %1</source>
            <translation>标签：应为文字，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="207" />
            <source>%1 control point in use: %2 needs at least %3 (click a spot on the image, then the same spot on the map)</source>
            <translation>正在使用 %1 个控制点：%2至少需要 %3 个（先在图纸上点击一处，再在地图上点击同一处）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="209" />
            <source>%1 control points in use: %2 needs at least %3 (click a spot on the image, then the same spot on the map)</source>
            <translation>正在使用 %1 个控制点：%2至少需要 %3 个（先在图纸上点击一处，再在地图上点击同一处）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="216" />
            <source>%1 is not in metres: fit in a projected CRS</source>
            <translation>%1 的单位不是米：请在投影坐标系中拟合</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="274" />
            <source>the control points do not determine a transform: add points spread over the drawing</source>
            <translation>这些控制点无法确定变换：请添加分布于整张图纸的点</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="298" />
            <source>The RMS of %1 m is above the %2 m limit: check point #%3 (%4 m) or drop it.</source>
            <translation>中误差 %1 米超过 %2 米的上限：请检查点 #%3（%4 米）或删除它。</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="302" />
            <source>The fit mirrors the drawing: some points are probably mismatched (an image spot paired with the wrong map spot).</source>
            <translation>拟合结果使图纸镜像翻转：可能有点配错了（图纸上的点与地图上错误的点配成了一对）。</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="305" />
            <source>%1 points fit an affine transform exactly, so their residuals are 0 and check nothing: add a point to check the fit.</source>
            <translation>%1 个点恰好确定仿射变换，残差均为 0，无法检验：请再添加一个点以检验拟合。</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="307" />
            <source>%1 points fit a similarity transform exactly, so their residuals are 0 and check nothing: add a point to check the fit.</source>
            <translation>%1 个点恰好确定相似变换，残差均为 0，无法检验：请再添加一个点以检验拟合。</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="242" />
            <source>the control points lie (nearly) on one line, so the drawing's scale or rotation across that line is undetermined: add points away from the line</source>
            <translation>控制点（几乎）在一条直线上，图纸在垂直于该线方向上的比例或旋转无法确定：请在线外添加点</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="245" />
            <source>The control points lie (nearly) on one line, so the drawing's scale or rotation across that line is undetermined: add points away from the line.</source>
            <translation>控制点（几乎）在一条直线上，图纸在垂直于该线方向上的比例或旋转无法确定：请在线外添加点。</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="314" />
            <source>The fit stretches the drawing %1% more one way than the other and shears it by %2°: check the points or try a similarity fit.</source>
            <translation>拟合使图纸在一个方向上比另一个方向多拉伸 %1%，并错切 %2°：请检查这些点，或改用相似拟合。</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="330" />
            <source>The %1 point left out misses by %2 m RMS.</source>
            <translation>未参与拟合的 %1 个点偏差中误差为 %2 米。</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="332" />
            <source>The %1 points left out miss by %2 m RMS.</source>
            <translation>未参与拟合的 %1 个点偏差中误差为 %2 米。</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/fit.py" line="324" />
            <source>The points cover only %1% of the drawing: far from them the placement is extrapolated; add points near its edges.</source>
            <translation>这些点只覆盖图纸的 %1%：远离它们的位置是外推的；请在图纸边缘附近添加点。</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="234" />
            <source>%1: the image is empty (%2 x %3)</source>
            <translation>%1：图像为空（%2 x %3）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="236" />
            <source>%1: image too large (%2 x %3 = %4 megapixels; the limit is %5); it was not decoded</source>
            <translation>%1：图像过大（%2 x %3 = %4 百万像素；上限为 %5）；未解码</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="335" />
            <source>dpi must be between 10 and 2400, got %1</source>
            <translation>dpi 必须在 10 到 2400 之间，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="337" />
            <source>page must be a whole number, got %1</source>
            <translation>页码必须是整数，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="295" />
            <source>reading a PDF needs the pypdfium2 package, which is not installed: install it, or export the page as PNG</source>
            <translation>读取 PDF 需要 pypdfium2 软件包，但尚未安装：请安装它，或将该页导出为 PNG</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="308" />
            <source>%1: not a readable PDF (%2)</source>
            <translation>%1：无法读取的 PDF（%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="95" />
            <source>file too large (%1, the limit is %2); it was not read</source>
            <translation>文件过大（%1，上限为 %2）；未读取</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="222" />
            <source>%1: image too large (more than %2 pixels; the limit is %3); it was not decoded</source>
            <translation>%1：图像过大（超过 %2 像素；上限为 %3）；未解码</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="226" />
            <source>%1: not an image qxmap reads (%2) or damaged</source>
            <translation>%1：不是 qxmap 能读取的图像（%2）或已损坏</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="229" />
            <source>%1: not a readable image: %2</source>
            <translation>%1：无法读取的图像：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="269" />
            <source>%1: not enough memory to decode this %2 x %3 image</source>
            <translation>%1：内存不足，无法解码这张 %2 x %3 的图像</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="272" />
            <source>%1: damaged image: %2</source>
            <translation>%1：图像已损坏：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="307" />
            <source>%1: the PDF is protected by a password</source>
            <translation>%1：该 PDF 受密码保护</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="344" />
            <source>%1: has %2 page, no page %3</source>
            <translation>%1：共 %2 页，没有第 %3 页</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="346" />
            <source>%1: has %2 pages, no page %3</source>
            <translation>%1：共 %2 页，没有第 %3 页</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="353" />
            <source>%1: page %2 at %3 dpi is %4 x %5 = %6 megapixels (the limit is %7): choose a lower dpi</source>
            <translation>%1：第 %2 页按 %3 dpi 为 %4 x %5 = %6 百万像素（上限为 %7）：请选择更低的 dpi</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/images.py" line="363" />
            <source>%1: page %2 cannot be drawn (%3)</source>
            <translation>%1：第 %2 页无法绘制（%3）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="56" />
            <source>expected text, got %1</source>
            <translation>应为文字，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="58" />
            <source>too long (%1 characters, at most %2)</source>
            <translation>过长（%1 个字符，最多 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="61" />
            <source>contains a control character (U+%1)</source>
            <translation>含有控制字符（U+%1）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="63" />
            <source>is empty</source>
            <translation>为空</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="69" />
            <source>expected a number, got %1</source>
            <translation>应为数字，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="72" />
            <source>not a finite number: %1</source>
            <translation>不是有限数值：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="74" />
            <source>%1 is out of range [%2, %3]</source>
            <translation>%1 超出范围 [%2, %3]</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="80" />
            <source>expected true or false, got %1</source>
            <translation>应为 true 或 false，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="86" />
            <source>expected an object, got %1</source>
            <translation>应为对象，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="89" />
            <source>missing</source>
            <translation>缺失</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="123" />
            <source>an overlay needs an image path or an image hash</source>
            <translation>规划图需要图像路径或图像哈希</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="130" />
            <source>expected a list, got %1</source>
            <translation>应为列表，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="132" />
            <source>%1 points, at most %2</source>
            <translation>%1 个点，最多 %2 个</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="150" />
            <source>expected a page number from 0, got %1</source>
            <translation>应为从 0 开始的页码，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="160" />
            <source>this overlay is placed by its world file / GeoTIFF, not by points</source>
            <translation>此规划图由其坐标文件（world file）/ GeoTIFF 定位，而不是由控制点定位</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="209" />
            <source>expected a whole number, got %1</source>
            <translation>应为整数，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="211" />
            <source>written by a newer qxmap (format %1, this reads %2)</source>
            <translation>由更新版本的 qxmap 写入（格式 %1，本程序读取 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="220" />
            <source>expected 64 lowercase hexadecimal digits</source>
            <translation>应为 64 位小写十六进制数字</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="229" />
            <source>expected one of %1, got %2</source>
            <translation>应为 %1 之一，实为 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="260" />
            <source>expected JSON text, got %1</source>
            <translation>应为 JSON 文本，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="262" />
            <source>JSON larger than %1 KB</source>
            <translation>JSON 大于 %1 KB</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="265" />
            <source>%1 is not a number JSON allows</source>
            <translation>%1 不是 JSON 允许的数字</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="135" />
            <source>expected a ControlPoint, got %1</source>
            <translation>应为 ControlPoint，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="138" />
            <source>an overlay of kind 'file' needs its transform</source>
            <translation>“file” 类型的规划图需要其变换</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="145" />
            <source>expected a Transform, got %1</source>
            <translation>应为 Transform，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="270" />
            <source>JSON nested too deeply</source>
            <translation>JSON 嵌套过深</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="272" />
            <source>not valid JSON (%1 at line %2)</source>
            <translation>无效的 JSON（%1，第 %2 行）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/overlay.py" line="258" />
            <source>not UTF-8 text</source>
            <translation>不是 UTF-8 文本</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/transform.py" line="58" />
            <source>crs: expected a CRSRef, got %1</source>
            <translation>crs：应为 CRSRef，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/transform.py" line="61" />
            <source>matrix: expected 6 numbers (a, b, c, d, e, f)</source>
            <translation>matrix：应为 6 个数字（a, b, c, d, e, f）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/transform.py" line="71" />
            <source>matrix: singular (the image would collapse to a line)</source>
            <translation>matrix：奇异矩阵（图像会塌缩成一条线）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/transform.py" line="112" />
            <source>scale factors must be positive: %1, %2</source>
            <translation>比例因子必须为正数：%1, %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/transform.py" line="211" />
            <source>%1: needs 'matrix' and 'crs'</source>
            <translation>%1：需要 “matrix” 和 “crs”</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/transform.py" line="214" />
            <source>%1.matrix: expected a list of 6 numbers</source>
            <translation>%1.matrix：应为 6 个数字的列表</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/transform.py" line="226" />
            <source>image %1: expected a positive number, got %2</source>
            <translation>图像 %1：应为正数，实为 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/transform.py" line="66" />
            <source>matrix.%1: not a finite number: %2</source>
            <translation>matrix.%1：不是有限数值：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/transform.py" line="219" />
            <source>%1.%2</source>
            <translation>%1.%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/worldfile.py" line="146" />
            <source>%1: a world file has 6 lines of numbers, this has %2</source>
            <translation>%1：坐标文件（world file）应有 6 行数字，此文件有 %2 行</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/worldfile.py" line="158" />
            <source>%1: the pixel size is zero (lines 1-4)</source>
            <translation>%1：像素大小为零（第 1-4 行）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/worldfile.py" line="143" />
            <source>%1: not a world file (not text)</source>
            <translation>%1：不是坐标文件（world file）（不是文本）</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/worldfile.py" line="151" />
            <source>%1: line %2 is not a number: %3</source>
            <translation>%1：第 %2 行不是数字：%3</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/worldfile.py" line="154" />
            <source>%1: line %2 is not a finite number</source>
            <translation>%1：第 %2 行不是有限数值</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/worldfile.py" line="224" />
            <source>%1: %2 holds a non-finite number</source>
            <translation>%1：%2 含有非有限数值</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/worldfile.py" line="222" />
            <source>%1: %2 holds a non-number</source>
            <translation>%1：%2 含有非数字</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/worldfile.py" line="286" />
            <source>%1: ModelPixelScale must be positive</source>
            <translation>%1：ModelPixelScale 必须为正数</translation>
        </message>
        <message>
            <location filename="../../qxmap/georef/worldfile.py" line="290" />
            <source>%1: incomplete GeoTIFF tags (tie points without a pixel scale)</source>
            <translation>%1：GeoTIFF 标签不完整（有连接点但没有像素比例）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="381" />
            <source>centre %1, %2</source>
            <translation>中心 %1, %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="382" />
            <source>not longitude/latitude</source>
            <translation>不是经纬度</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="386" />
            <source>with %1, the data falls outside China or at sea (%2): is the coordinate system right?</source>
            <translation>按 %1，数据落在中国境外或海上（%2）：坐标系对吗？</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="384" />
            <source>with %1, %2 of %3 features fall outside China or at sea (%4)</source>
            <translation>按 %1，%3 个要素中有 %2 个落在中国境外或海上（%4）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="153" />
            <source>no conversion from %1 to WGS-84: %2</source>
            <translation>无法从 %1 转换到 WGS-84：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="300" />
            <source>numbers are longitude/latitude degrees</source>
            <translation>数值是经纬度（度）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="303" />
            <source>numbers fit Web Mercator metres</source>
            <translation>数值符合 Web 墨卡托米制坐标</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="106" />
            <source>unknown coordinate system '%1' (expected e.g. EPSG:4326, EPSG:4547, GCJ-02 or BD-09)</source>
            <translation>未知的坐标系“%1”（应为例如 EPSG:4326、EPSG:4547、GCJ-02 或 BD-09）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="309" />
            <source>x carries the 3-degree zone number %1 (x like %1xxxxxx)</source>
            <translation>x 带有 3 度带号 %1（x 形如 %1xxxxxx）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="314" />
            <source>x carries the 6-degree zone number %1 (x like %1xxxxxx)</source>
            <translation>x 带有 6 度带号 %1（x 形如 %1xxxxxx）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="318" />
            <source>Gauss-Krüger metres without zone prefix (x 100 000-900 000); CM %1°E is one of the possible zones</source>
            <translation>不带带号的高斯-克吕格米制坐标（x 为 100 000–900 000）；中央经线 %1°E 是可能的投影带之一</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="347" />
            <source>x and y swapped (surveying order: X = northing)</source>
            <translation>x 与 y 互换（测量习惯：X 为北坐标）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="357" />
            <source>%1 of the points would fall outside China</source>
            <translation>%1 的点会落在中国境外</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/crs.py" line="352" />
            <source>puts the data %1 km from the open data</source>
            <translation>数据会落在离当前数据 %1 公里处</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="188" />
            <source>neither valid UTF-8 nor valid GBK; read as GBK, broken characters replaced</source>
            <translation>既不是有效的 UTF-8，也不是有效的 GBK；按 GBK 读取，损坏的字符已替换</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="236" />
            <source>declared in the %1 (the bytes would also fit %2)</source>
            <translation>%1 中已声明（这些字节也符合 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="152" />
            <source>UTF-8 byte-order mark</source>
            <translation>UTF-8 字节顺序标记（BOM）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="154" />
            <source>UTF-16 byte-order mark</source>
            <translation>UTF-16 字节顺序标记（BOM）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="158" />
            <source>plain ASCII text (reads the same in any encoding)</source>
            <translation>纯 ASCII 文本（在任何编码下读出都相同）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="167" />
            <source>valid UTF-8, but only %1 non-ASCII character(s)</source>
            <translation>有效的 UTF-8，但只有 %1 个非 ASCII 字符</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="178" />
            <source>not UTF-8; decodes as GBK but only %1 of it is Chinese</source>
            <translation>不是 UTF-8；可按 GBK 解码，但其中只有 %1 是中文</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="183" />
            <source>UTF-8 except %1 broken character(s) (text cut mid-character?)</source>
            <translation>UTF-8，但有 %1 个损坏的字符（文字在字符中间被截断？）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="187" />
            <source>GBK except %1 broken character(s) (text cut mid-character?)</source>
            <translation>GBK，但有 %1 个损坏的字符（文字在字符中间被截断？）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="202" />
            <source>chosen by the user</source>
            <translation>由用户选择</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="207" />
            <source>nothing declared and no text to look at</source>
            <translation>未声明编码，也没有可供判断的文字</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="216" />
            <source>declared in the %1 (text is plain ASCII)</source>
            <translation>%1 中已声明（文字为纯 ASCII）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="219" />
            <source>declared in the %1; the bytes agree</source>
            <translation>%1 中已声明；字节内容与之相符</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="228" />
            <source>the %1 says %2, but the text is %3</source>
            <translation>%1 声明为 %2，但文字实为 %3</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="231" />
            <source>the %1 says %2, but the text is not valid %2; %3</source>
            <translation>%1 声明为 %2，但文字不是有效的 %2；%3</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="166" />
            <source>valid UTF-8 (%1 non-ASCII characters)</source>
            <translation>有效的 UTF-8（%1 个非 ASCII 字符）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="175" />
            <source>not UTF-8; valid GBK with %1 Chinese characters</source>
            <translation>不是 UTF-8；是有效的 GBK，中文占 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="177" />
            <source>not UTF-8; valid GBK, %1 Chinese characters</source>
            <translation>不是 UTF-8；是有效的 GBK，中文占 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="201" />
            <source>unknown encoding '%1'</source>
            <translation>未知的编码“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="206" />
            <source>declared in the %1</source>
            <translation>%1 中已声明</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/encoding.py" line="212" />
            <source>the %1 says '%2', which names no usable encoding; detected: %3</source>
            <translation>%1 声明为“%2”，这不是可用的编码名称；检测结果：%3</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="336" />
            <source>expected one of %1 (or empty)</source>
            <translation>应为 %1 之一（或留空）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="339" />
            <source>expected a year such as 2018 (or empty)</source>
            <translation>应为年份，例如 2018（或留空）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="341" />
            <source>expected a percentage 0-100 (or empty)</source>
            <translation>应为 0-100 的百分比（或留空）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="720" />
            <source>'swap_xy' must be true or false</source>
            <translation>“swap_xy” 必须为 true 或 false</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="724" />
            <source>'add_new' must be true or false</source>
            <translation>'add_new' 必须为 true 或 false</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="729" />
            <source>[values] must hold one table per field</source>
            <translation>[values] 必须为每个字段提供一个表</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="746" />
            <source>[keep] must be a table</source>
            <translation>[keep] 必须是表</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="268" />
            <source>target '%1' is not a qxmap layer (expected one of %2)</source>
            <translation>目标“%1”不是 qxmap 图层（应为 %2 之一）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="301" />
            <source>encoding '%1' is not an encoding Python knows</source>
            <translation>编码“%1”不是 Python 已知的编码</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="696" />
            <source>[%1] must be a table</source>
            <translation>[%1] 必须是表</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="710" />
            <source>unknown key '%1' (expected %2)</source>
            <translation>未知的键“%1”（应为 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="715" />
            <source>'%1' must be text</source>
            <translation>“%1” 必须是文字</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="733" />
            <source>[values.%1] must be a table</source>
            <translation>[values.%1] 必须是表</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="752" />
            <source>[keep] '%1': expected a list of values</source>
            <translation>[keep] “%1”：应为值的列表</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="274" />
            <source>field '%1' is mapped to '%2', which layer '%3' does not have (expected one of %4)</source>
            <translation>字段“%1”映射到“%2”，但图层“%3”没有该字段（应为 %4 之一）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="282" />
            <source>values for '%1', which layer '%2' does not have</source>
            <translation>“%1”的取值映射，但图层“%2”没有该字段</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="290" />
            <source>default for '%1', which layer '%2' does not have</source>
            <translation>“%1”的默认值，但图层“%2”没有该字段</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="294" />
            <source>default '%1' of '%2': %3</source>
            <translation>“%2”的默认值“%1”：%3</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="686" />
            <source>reading a mapping needs Python 3.11 or later (tomllib)</source>
            <translation>读取映射需要 Python 3.11 或更高版本（tomllib）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="690" />
            <source>not valid TOML: %1</source>
            <translation>无效的 TOML：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="701" />
            <source>[%1] '%2': expected text, got %3</source>
            <translation>[%1] “%2”：应为文字，实为 %3</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="738" />
            <source>[values.%1] '%2': expected text, got %3</source>
            <translation>[values.%1] “%2”：应为文字，实为 %3</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="277" />
            <source>fields '%1' and '%2' are both mapped to '%3'</source>
            <translation>字段“%1”和“%2”都映射到了“%3”</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="287" />
            <source>value '%1' of '%2' is mapped to '%3': %4</source>
            <translation>“%2”的值“%1”映射为“%3”：%4</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="299" />
            <source>crs: %1</source>
            <translation>crs：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/mapping.py" line="306" />
            <source>field '%1' is not in layer %2 (its fields: %3)</source>
            <translation>字段“%1”不在图层 %2 中（其字段为：%3）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/osm.py" line="106" />
            <source>OSM: a way is drawn from the nodes the file holds: one cut by the edge of the extract is shorter, one with none of its nodes is left out</source>
            <translation>OSM：道路按文件中已有的节点绘制：被数据范围边界截断的会变短，节点全部不在文件中的则不导入</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/osm.py" line="143" />
            <source>OSM: road_class and lifecycle are read from the highway, construction and proposed tags</source>
            <translation>OSM：road_class 和 lifecycle 取自 highway、construction 和 proposed 标签</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/osm.py" line="122" />
            <source>OSM: the tags %1 are fields of their own; other tags stay in other_tags</source>
            <translation>OSM：标签 %1 已作为单独字段；其余标签保留在 other_tags 中</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="679" />
            <source>mixed geometry types (GeometryCollection)</source>
            <translation>混合几何类型（GeometryCollection）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="508" />
            <source>similar name (ratio %1)</source>
            <translation>名称相似（相似度 %1）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="597" />
            <source>the mapping was made for layer %1, not %2</source>
            <translation>此映射是为图层 %1 而不是 %2 制作的</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="630" />
            <source>coordinates cannot be converted to WGS-84</source>
            <translation>坐标无法转换为 WGS-84</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="678" />
            <source>empty geometry</source>
            <translation>几何为空</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="892" />
            <source>%1 feature(s) lie far from the rest of the data (wrong coordinates or another place?): %2</source>
            <translation>%1 个要素远离其余数据（坐标有误，还是别处的？）：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="918" />
            <source>nothing to import: every feature is skipped</source>
            <translation>没有可导入的内容：所有要素都被跳过</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="441" />
            <source>same name apart from spaces, brackets or a 路/道路 suffix</source>
            <translation>除空格、括号或“路/道路”后缀外名称相同</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="683" />
            <source>wrong geometry type %1 for layer %2 (expects %3)</source>
            <translation>几何类型 %1 不适用于图层 %2（应为 %3）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="781" />
            <source>matches no record (the import updates matched records only)</source>
            <translation>未匹配到任何记录（本次导入只更新已匹配的记录）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="615" />
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="643" />
            <source>not selected (%1 = '%2')</source>
            <translation>未选中（%1 = “%2”）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="644" />
            <source>not selected (%1 is empty)</source>
            <translation>未选中（%1 为空）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="662" />
            <source>unknown %1 value '%2' (no mapping)</source>
            <translation>未知的 %1 值“%2”（没有对应的映射）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="754" />
            <source>name matches several records (%1): confirm one in [matches]</source>
            <translation>名称与多条记录相同（%1）：请在 [matches] 中确认其中一条</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="812" />
            <source>map a field to it or set a default</source>
            <translation>请为其对应一个字段或设置默认值</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="813" />
            <source>map a name field</source>
            <translation>请对应一个名称字段</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="814" />
            <source>no %1 for a new record (%2)</source>
            <translation>新记录缺少 %1（%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="970" />
            <source>another piece of the same record (feature #%1) says %2 '%3', this one '%4'</source>
            <translation>同一记录的另一段（要素 #%1）的 %2 为“%3”，这一段为“%4”</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="985" />
            <source>another piece of the same record (feature #%1); pieces of a %2 cannot be one %3 feature</source>
            <translation>同一记录的另一段（要素 #%1）；%2 的各段不能合成一个 %3 要素</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="446" />
            <source>same road number %1</source>
            <translation>道路编号相同：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="616" />
            <source>no coordinate system: the file declares none and the numbers do not say which (candidates: %1); set crs in the mapping</source>
            <translation>没有坐标系：文件未声明，数值也无法判断（候选：%1）；请在映射中设置 crs</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="406" />
            <source>same road number %1 (field %2)</source>
            <translation>路线编号相同：%1（字段 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/plan.py" line="724" />
            <source>confirmed match to '%1', which is not a record of layer %2</source>
            <translation>已确认匹配到“%1”，但它不是图层 %2 的记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="72" />
            <source>old Excel format (.xls): save it as .xlsx</source>
            <translation>旧版 Excel 格式（.xls）：请另存为 .xlsx</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="73" />
            <source>DWG drawings cannot be read: save as DXF</source>
            <translation>无法读取 DWG 图纸：请另存为 DXF</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="74" />
            <source>personal geodatabase (.mdb) is not supported: export to GeoPackage or Shapefile</source>
            <translation>不支持个人地理数据库（.mdb）：请导出为 GeoPackage 或 Shapefile</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="75" />
            <source>OpenDocument spreadsheet is not supported: save as .xlsx or .csv</source>
            <translation>不支持 OpenDocument 电子表格：请另存为 .xlsx 或 .csv</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="76" />
            <source>RAR archives cannot be read: use .zip</source>
            <translation>无法读取 RAR 压缩包：请使用 .zip</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="77" />
            <source>7z archives cannot be read: use .zip</source>
            <translation>无法读取 7z 压缩包：请使用 .zip</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="80" />
            <source>certain</source>
            <translation>确定</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="80" />
            <source>high</source>
            <translation>可信度高</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="80" />
            <source>medium</source>
            <translation>可信度中等</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="80" />
            <source>low</source>
            <translation>可信度低</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="399" />
            <source>not a regular file (a pipe, device or socket is never read)</source>
            <translation>不是普通文件（从不读取管道、设备或套接字）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="401" />
            <source>too large (%1 bytes; the limit is %2)</source>
            <translation>过大（%1 字节；上限为 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="512" />
            <source>GDAL: %1</source>
            <translation>GDAL 提示：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="594" />
            <source>DXF header ($DWGCODEPAGE)</source>
            <translation>DXF 文件头（$DWGCODEPAGE）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="842" />
            <source>text encoding %1 is a guess (%2): %3; if names look garbled, choose another encoding</source>
            <translation>文字编码 %1 是推测的（%2）：%3；如果名称显示为乱码，请选择其他编码</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="897" />
            <source>%1; readable: %2</source>
            <translation>%1；可读取的格式：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="900" />
            <source>Shapefile without its .dbf (attributes missing)</source>
            <translation>Shapefile 缺少 .dbf（属性缺失）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="361" />
            <source>too large (%1 bytes uncompressed)</source>
            <translation>过大（解压后 %1 字节）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="468" />
            <source>a .dbf table without its .shp: no geometry to import</source>
            <translation>只有 .dbf 表而没有 .shp：没有可导入的几何图形</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="470" />
            <source>part of a Shapefile whose .shp is missing (%1.shp)</source>
            <translation>Shapefile 的一部分，但缺少 .shp（%1.shp）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="485" />
            <source>not a supported format (%1)</source>
            <translation>不支持的格式（%1）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="486" />
            <source>no file suffix: format unknown</source>
            <translation>没有文件扩展名：格式未知</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="504" />
            <source>cannot be read: text is not valid in the encoding %1: choose another encoding</source>
            <translation>无法读取：文字在编码 %1 下无效：请选择其他编码</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="560" />
            <source>.cpg file</source>
            <translation>.cpg 文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="563" />
            <source>.dbf code-page byte (0x%1)</source>
            <translation>.dbf 代码页字节（0x%1）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="592" />
            <source>DXF version (2007 or later)</source>
            <translation>DXF 版本（2007 或更高）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="682" />
            <source>3-D coordinates reduced to 2-D (%1 feature(s))</source>
            <translation>三维坐标已降为二维（%1 个要素）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="896" />
            <source>not a supported format (no suffix)</source>
            <translation>不支持的格式（无扩展名）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="348" />
            <source>not a readable zip archive: %1</source>
            <translation>无法读取的 zip 压缩包：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="366" />
            <source>cannot be extracted: %1</source>
            <translation>无法解压：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="461" />
            <source>hidden or system file</source>
            <translation>隐藏文件或系统文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="615" />
            <source>some text is cut in the middle of a character (%1); broken characters were replaced or dropped</source>
            <translation>有些文字在字符中间被截断（%1）；残缺的字符已被替换或删除</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="825" />
            <source>the declared CRS (%1) puts the data outside China or at sea</source>
            <translation>声明的坐标系（%1）使数据落在中国境外或海上</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="832" />
            <source>no coordinate system declared, and the numbers fit none known (local or CAD coordinates?): choose one</source>
            <translation>未声明坐标系，数值也不符合任何已知坐标系（本地坐标或 CAD 坐标？）：请选择一个</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="865" />
            <source>%1 feature(s) lie far from the rest of the data: %2</source>
            <translation>%1 个要素远离其余数据：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="1001" />
            <source>nothing readable here (%1 file(s) skipped: %2)</source>
            <translation>此处没有可读取的内容（跳过了 %1 个文件：%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="1004" />
            <source>nothing readable here</source>
            <translation>此处没有可读取的内容</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="1052" />
            <source>%1 files here: choose a layer</source>
            <translation>此处有 %1 个文件：请选择一个图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="1059" />
            <source>several layers: choose one of %1</source>
            <translation>有多个图层：请从中选择一个：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="1062" />
            <source>no layer '%1' (layers: %2)</source>
            <translation>没有图层“%1”（现有图层：%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="480" />
            <source>a zip inside a zip is not opened: unzip it once</source>
            <translation>压缩包中的压缩包不会被打开：请先解压一次</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="828" />
            <source>the numbers fit %1 better (%2)</source>
            <translation>数值更符合 %1（%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="835" />
            <source>no coordinate system declared; the best guess, %1, is unsure</source>
            <translation>未声明坐标系；最可能的 %1 也不确定</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="1046" />
            <source>several layers are named '%1': %2</source>
            <translation>有多个图层名为“%1”：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/sources.py" line="1049" />
            <source>no layer '%1' here</source>
            <translation>此处没有图层“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/tables.py" line="118" />
            <source>%1 row(s) above the header skipped (a title?)</source>
            <translation>跳过了表头上方的 %1 行（标题？）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/tables.py" line="186" />
            <source>empty file</source>
            <translation>空文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/tables.py" line="131" />
            <source>%1 row(s) without readable coordinates in '%2'/'%3'</source>
            <translation>有 %1 行在“%2”/“%3”中没有可读的坐标</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/tables.py" line="151" />
            <source>no coordinate columns found (looked for 经度/纬度, lon/lat, lng, x/y or a WKT column)</source>
            <translation>没有找到坐标列（查找了 经度/纬度、lon/lat、lng、x/y 或 WKT 列）</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/tables.py" line="184" />
            <source>not a readable CSV file: %1</source>
            <translation>无法读取的 CSV 文件：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/tables.py" line="204" />
            <source>not a readable .xlsx workbook: %1</source>
            <translation>无法读取的 .xlsx 工作簿：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/importing/tables.py" line="148" />
            <source>%1 row(s) with unreadable WKT in '%2'</source>
            <translation>有 %1 行在“%2”中的 WKT 无法读取</translation>
        </message>
        <message>
            <location filename="../../qxmap/schema.py" line="223" />
            <source>a budget is a number with its unit (万元 or 亿元), not true/false</source>
            <translation>预算应为带单位（万元或亿元）的数字，而不是真/假值</translation>
        </message>
        <message>
            <location filename="../../qxmap/schema.py" line="241" />
            <source>budget %1 must be a finite amount of 0 or more</source>
            <translation>预算 %1 必须是不小于 0 的有限金额</translation>
        </message>
        <message>
            <location filename="../../qxmap/schema.py" line="257" />
            <source>a date is text YYYY-MM-DD, not %1</source>
            <translation>日期应为 YYYY-MM-DD 格式的文本，而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/schema.py" line="262" />
            <source>date '%1' is not written YYYY-MM-DD</source>
            <translation>日期“%1”不是 YYYY-MM-DD 格式</translation>
        </message>
        <message>
            <location filename="../../qxmap/schema.py" line="268" />
            <source>date '%1' is out of range; expected 1990–2100</source>
            <translation>日期“%1”超出范围；应在 1990–2100 年之间</translation>
        </message>
        <message>
            <location filename="../../qxmap/schema.py" line="239" />
            <source>a budget is a number with its unit (万元 or 亿元), not %1</source>
            <translation>预算应为带单位（万元或亿元）的数字，而不是 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/schema.py" line="266" />
            <source>date '%1' does not exist</source>
            <translation>日期“%1”不存在</translation>
        </message>
        <message>
            <location filename="../../qxmap/schema.py" line="236" />
            <source>budget '%1' is not a number with a unit; expected e.g. 1200万元 or 3.5亿元</source>
            <translation>预算“%1”不是带单位的数字；应如 1200万元 或 3.5亿元</translation>
        </message>
        <message>
            <location filename="../../qxmap/schema.py" line="235" />
            <source>budget '%1' has no unit: write it with 万元 or 亿元 (e.g. %2万元)</source>
            <translation>预算“%1”没有单位：请写上万元或亿元（例如 %2万元）</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="424" />
            <source>tile source not found: %1</source>
            <translation>找不到瓦片来源：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="188" />
            <source>cannot open MBTiles file %1: %2</source>
            <translation>无法打开 MBTiles 文件 %1：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="220" />
            <source>unsupported tile format %1 in %2</source>
            <translation>%2 中的瓦片格式 %1 不受支持</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="415" />
            <source>no tile source chosen</source>
            <translation>未选择瓦片来源</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="148" />
            <source>MBTiles file not found: %1</source>
            <translation>找不到 MBTiles 文件：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="156" />
            <source>not an MBTiles (SQLite) file: %1</source>
            <translation>不是 MBTiles（SQLite）文件：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="195" />
            <source>no 'tiles' table in %1: not an MBTiles file</source>
            <translation>%1 中没有 “tiles” 表：不是 MBTiles 文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="218" />
            <source>%1 holds vector tiles (pbf); only image tiles (png, jpg, webp) can be shown</source>
            <translation>%1 含有矢量瓦片（pbf）；只能显示图像瓦片（png、jpg、webp）</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="324" />
            <source>tile folder not found: %1</source>
            <translation>找不到瓦片文件夹：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="420" />
            <source>no {z}/{x}/{y} tiles in folder %1</source>
            <translation>文件夹 %1 中没有 {z}/{x}/{y} 瓦片</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="153" />
            <source>cannot read %1: %2</source>
            <translation>无法读取 %1：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/tiles.py" line="200" />
            <source>the 'tiles' table of %1 is not MBTiles: %2</source>
            <translation>%1 的 “tiles” 表不是 MBTiles 格式：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="358" />
            <source>%1: no such file</source>
            <translation>%1：没有此文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="360" />
            <source>%1: is a folder, not a GeoPackage workspace file</source>
            <translation>%1：是文件夹，不是 GeoPackage 工作空间文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="362" />
            <source>%1 is not a regular file (a pipe, a device or a folder): not a workspace</source>
            <translation>%1 不是普通文件（而是管道、设备或文件夹）：不是工作空间</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="370" />
            <source>an empty file</source>
            <translation>空文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="370" />
            <source>not an SQLite database file</source>
            <translation>不是 SQLite 数据库文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="371" />
            <source>%1: is not a GeoPackage (%2)</source>
            <translation>%1：不是 GeoPackage（%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="265" />
            <source>it could not be upgraded to workspace schema %1</source>
            <translation>无法升级到工作空间架构 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="380" />
            <source>it cannot be opened</source>
            <translation>无法打开</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="390" />
            <source>%1: is an SQLite database but not a GeoPackage (it has no gpkg_contents table)</source>
            <translation>%1：是 SQLite 数据库但不是 GeoPackage（没有 gpkg_contents 表）</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="404" />
            <source>%1: has no 'roads' layer, so it is not a qxmap workspace (layers found: %2)</source>
            <translation>%1：没有 “roads” 图层，因此不是 qxmap 工作空间（找到的图层：%2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="408" />
            <source>%1: was written by a newer qxmap (workspace schema %2, this qxmap knows %3); update qxmap to open it</source>
            <translation>%1：由更新版本的 qxmap 写入（工作空间架构 %2，本程序支持 %3）；请更新 qxmap 后再打开</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="388" />
            <source>it cannot be read</source>
            <translation>无法读取</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="400" />
            <source>%1: layer '%2' is listed but its table is missing (damaged GeoPackage)</source>
            <translation>%1：图层“%2”已登记，但其数据表缺失（GeoPackage 已损坏）</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/bookkeeping.py" line="386" />
            <source>%1: an interrupted save must be rolled back, but the file is read-only; make it writable and open it again</source>
            <translation>%1：需要回滚一次中断的保存，但文件为只读；请将其设为可写后再打开</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/create.py" line="97" />
            <source>%1: a workspace file must end in .gpkg</source>
            <translation>%1：工作空间文件的扩展名必须为 .gpkg</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/create.py" line="99" />
            <source>%1: already exists; choose another name or overwrite it</source>
            <translation>%1：已存在；请换一个名称或覆盖它</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/create.py" line="101" />
            <source>%1: the folder %2 does not exist</source>
            <translation>%1：文件夹 %2 不存在</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/create.py" line="163" />
            <source>%1: the workspace may not live inside the bundled geodata</source>
            <translation>%1：工作空间不能放在内置的地理数据文件夹中</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/create.py" line="167" />
            <source>%1: cannot create the folder: %2</source>
            <translation>%1：无法创建文件夹：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/create.py" line="108" />
            <source>%1: cannot write the GeoPackage: %2</source>
            <translation>%1：无法写入 GeoPackage：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/create.py" line="117" />
            <source>the workspace was not created</source>
            <translation>未创建工作空间</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/create.py" line="134" />
            <source>%1: cannot be written: %2</source>
            <translation>%1：无法写入：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/db.py" line="257" />
            <source>%1: the workspace file is read-only; %2</source>
            <translation>%1：工作空间文件为只读；%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/db.py" line="259" />
            <source>%1: the workspace is locked by another program (a save in progress?); %2</source>
            <translation>%1：工作空间被其他程序锁定（正在保存？）；%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/db.py" line="261" />
            <source>%1: the disk is full; %2</source>
            <translation>%1：磁盘已满；%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/db.py" line="263" />
            <source>%1: disk error (%2); %3</source>
            <translation>%1：磁盘错误（%2）；%3</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/db.py" line="265" />
            <source>%1: the file is damaged or not a GeoPackage (%2); %3</source>
            <translation>%1：文件已损坏或不是 GeoPackage（%2）；%3</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/db.py" line="267" />
            <source>%1: cannot open the file (%2); %3</source>
            <translation>%1：无法打开文件（%2）；%3</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/db.py" line="269" />
            <source>%1: %2; %3</source>
            <translation>%1：%2；%3</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="122" />
            <source>unknown feature id '%1'</source>
            <translation>未知的要素编号“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="170" />
            <source>unknown layer '%1'</source>
            <translation>未知的图层“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="175" />
            <source>the id %1 is not usable (text without surrounding spaces)</source>
            <translation>编号 %1 不可用（应为前后无空格的文字）</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="177" />
            <source>a feature with this id exists already</source>
            <translation>已有使用此编号的要素</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="220" />
            <source>it has no geometry to split</source>
            <translation>它没有可拆分的几何图形</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="243" />
            <source>a road cannot be merged with itself</source>
            <translation>道路不能与自身合并</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="249" />
            <source>%1 is in another layer (%2, not %3)</source>
            <translation>%1 属于另一个图层（%2，而不是 %3）</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="252" />
            <source>it has no geometry to merge</source>
            <translation>它没有可合并的几何图形</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="297" />
            <source>its geometry is no longer the one the edit expects</source>
            <translation>其几何图形已不是此次编辑所依据的那个</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="318" />
            <source>cannot undo: its geometry has changed since</source>
            <translation>无法撤销：其几何图形此后已被修改</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="256" />
            <source>cannot merge with %1: %2</source>
            <translation>无法与 %1 合并：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="272" />
            <source>not an edit: %1</source>
            <translation>不是编辑操作：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="290" />
            <source>a feature of the layer '%1' must keep a geometry</source>
            <translation>图层“%1”的要素必须保留几何图形</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="347" />
            <source>cannot undo the removal: a feature with this id exists</source>
            <translation>无法撤销删除：已有使用此编号的要素</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geometry.py" line="182" />
            <source>a feature of the layer '%1' needs a geometry</source>
            <translation>图层“%1”的要素需要几何图形</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geomsave.py" line="191" />
            <source>%1: not saved: the id(s) %2 were given to other features by someone else since this workspace was loaded. Reload, then draw again.</source>
            <translation>%1：未保存：自此工作空间加载以来，编号 %2 已被他人分配给其他要素。请重新加载后再绘制。</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/geomsave.py" line="211" />
            <source>%1: not saved: %2 changed during the save</source>
            <translation>%1：未保存：%2 在保存过程中被修改</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/history.py" line="96" />
            <source>the history cannot be read</source>
            <translation>无法读取修改历史</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/history.py" line="91" />
            <source>%1: unknown road or exit id '%2'</source>
            <translation>%1：未知的道路或出入口编号“%2”</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importcells.py" line="262" />
            <source>%1: '%2' is not a reference layer name; nothing was saved</source>
            <translation>%1：“%2”不是参考图层名称；未保存任何内容</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importcells.py" line="264" />
            <source>%1: a reference layer '%2' was added by another program since this workspace was loaded; reload it and import again. Nothing was saved.</source>
            <translation>%1：自此工作空间加载以来，其他程序已添加参考图层“%2”；请重新加载后再导入。未保存任何内容。</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importcells.py" line="308" />
            <source>%1: the reference layer '%2' is no longer in the workspace (removed by another program?); reload it. Nothing was saved.</source>
            <translation>%1：参考图层“%2”已不在工作空间中（被其他程序删除？）；请重新加载。未保存任何内容。</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="148" />
            <source>unknown match rule '%1' (expected one of %2)</source>
            <translation>未知的匹配规则“%1”（应为 %2 之一）</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="214" />
            <source>%1: the plan matches '%2', which is not a record of the workspace</source>
            <translation>%1：导入计划匹配到“%2”，但它不是工作空间中的记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="353" />
            <source>a reference layer '%1' exists already</source>
            <translation>参考图层“%1”已存在</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="355" />
            <source>there is no reference layer '%1'</source>
            <translation>没有参考图层“%1”</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="359" />
            <source>%1 (and %2 more)</source>
            <translation>%1（另有 %2 项）</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="360" />
            <source>%1: cannot be applied: %2</source>
            <translation>%1：无法应用：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="196" />
            <source>%1: new record id(s) already in the workspace: %2</source>
            <translation>%1：新记录编号已在工作空间中：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="329" />
            <source>'%1' is not a record of layer %2</source>
            <translation>“%1”不是图层 %2 的记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="430" />
            <source>%1: '%2' is not in the workspace any more</source>
            <translation>%1：“%2”已不在工作空间中</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="335" />
            <source>%1: %2 is now %3, not %4</source>
            <translation>%1：%2 现在是 %3，而不是 %4</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="342" />
            <source>%1: its geometry changed since</source>
            <translation>%1：其几何图形此后已被修改</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="346" />
            <source>'%1' is not in the workspace any more</source>
            <translation>“%1”已不在工作空间中</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importchange.py" line="350" />
            <source>a record '%1' exists already</source>
            <translation>记录“%1”已存在</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/imports.py" line="85" />
            <source>%1: later imports must be undone first</source>
            <translation>%1：须先撤销之后的导入</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importstore.py" line="226" />
            <source>%1: the new rows could not be told apart; nothing was saved</source>
            <translation>%1：无法区分新加入的行；未保存任何内容</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/importstore.py" line="157" />
            <source>%1: not saved: rows changed during the save</source>
            <translation>%1：未保存：保存过程中有行被修改</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="354" />
            <source>the plan drawing was not saved</source>
            <translation>规划图未保存</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="229" />
            <source>its plan drawings cannot be listed</source>
            <translation>无法列出其规划图</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="237" />
            <source>its plan drawings cannot be read</source>
            <translation>无法读取其规划图</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="249" />
            <source>its plan drawing cannot be read</source>
            <translation>无法读取其规划图</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="330" />
            <source>%1: the plan drawing '%2' was %3 by someone else since it was loaded; reload the workspace to see it. Nothing was saved.</source>
            <translation>%1：规划图“%2”在加载之后已被他人%3；请重新加载工作空间查看。未保存任何内容。</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="403" />
            <source>the plan drawing was not removed</source>
            <translation>规划图未删除</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="251" />
            <source>%1: there is no plan drawing '%2' in the workspace</source>
            <translation>%1：工作空间中没有规划图“%2”</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="85" />
            <source>display size: %1 x %2 is larger than %3 a side</source>
            <translation>显示尺寸：%1 x %2 超过每边 %3 的上限</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="88" />
            <source>image_png: not a PNG image</source>
            <translation>image_png：不是 PNG 图像</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="90" />
            <source>image_png: larger than %1 MB</source>
            <translation>image_png：大于 %1 MB</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="98" />
            <source>image_png: %1 x %2 pixels, the row says %3 x %4</source>
            <translation>image_png：%1 x %2 像素，但该行记录为 %3 x %4</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="199" />
            <source>key: missing</source>
            <translation>key：缺失</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="202" />
            <source>overlay_json: expected JSON text, got %1</source>
            <translation>overlay_json：应为 JSON 文本，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="206" />
            <source>image_png: expected a PNG image, got %1</source>
            <translation>image_png：应为 PNG 图像，实为 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="211" />
            <source>%1: the plan drawing '%2' (%3) cannot be read: %4; it was not loaded</source>
            <translation>%1：规划图“%2”（%3）无法读取：%4；未加载</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="397" />
            <source>removed</source>
            <translation>删除</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="399" />
            <source>changed</source>
            <translation>修改</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="82" />
            <source>%1: expected a positive whole number, got %2</source>
            <translation>%1：应为正整数，实为 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/overlays.py" line="298" />
            <source>%1: not a qxmap workspace (open it in qxmap first); %2</source>
            <translation>%1：不是 qxmap 工作空间（请先在 qxmap 中打开）；%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/saving.py" line="32" />
            <source>%1: is no longer the workspace that was loaded (another file was put in its place); nothing was saved. Reload it to see what it holds now.</source>
            <translation>%1：已不是加载时的那个工作空间（有其他文件替换了它）；未保存任何内容。请重新加载查看其现有内容。</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/saving.py" line="71" />
            <source>%1 and %2 more</source>
            <translation>%1 等，另有 %2 项</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/saving.py" line="72" />
            <source>%1: not saved: %2 road(s) were changed by someone else since this workspace was loaded: %3. Reload to see their changes, then edit again.</source>
            <translation>%1：未保存：自此工作空间加载以来，有 %2 条道路被他人修改：%3。请重新加载查看他人的修改，然后再次编辑。</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/saving.py" line="42" />
            <source>%1: was written by a newer qxmap (workspace schema %2); nothing was saved</source>
            <translation>%1：由更新版本的 qxmap 写入（工作空间架构 %2）；未保存任何内容</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/session.py" line="309" />
            <source>nothing was saved</source>
            <translation>未保存任何内容</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/session.py" line="233" />
            <source>%1: %2 is now %3, not %4 as the edit expects</source>
            <translation>%1：%2 现为 %3，而不是此次编辑所依据的 %4</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/session.py" line="266" />
            <source>%1: cannot undo, %2 is now %3, not %4</source>
            <translation>%1：无法撤销，%2 现为 %3，而不是 %4</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/session.py" line="116" />
            <source>%1: the file keeps changing while it is read; try again</source>
            <translation>%1：读取时文件仍在不断变化；请重试</translation>
        </message>
        <message>
            <location filename="../../qxmap/workspace/session.py" line="111" />
            <source>%1: its data break the qxmap schema: %2</source>
            <translation>%1：其数据不符合 qxmap 数据规范：%2</translation>
        </message>
    </context>
    <context>
        <name>ReferencePanel</name>
        <message>
            <location filename="../../qxmap/ui/referencepanel.py" line="26" />
            <source>Layers kept for reference (imported, not tracked), drawn under the projects</source>
            <translation>作为参考保留的图层（已导入，不跟踪），绘于项目之下</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/referencepanel.py" line="24" />
            <source>Reference layers</source>
            <translation>参考图层</translation>
        </message>
    </context>
    <context>
        <name>ReviewPage</name>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="753" />
            <source>%1 matched, %2 new, %3 reference, %4 skipped</source>
            <translation>匹配 %1 个，新增 %2 个，参考 %3 个，跳过 %4 个</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="756" />
            <source>%1 piece(s) merged into others</source>
            <translation>%1 段已并入其他要素</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="721" />
            <source>Feature</source>
            <translation>要素</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="718" />
            <source>Feature in the file</source>
            <translation>文件中的要素</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="810" />
            <source>Import mapping (*.toml)</source>
            <translation>导入映射 (*.toml)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="728" />
            <source>Match records:</source>
            <translation>匹配记录：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="718" />
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="705" />
            <source>Review and import</source>
            <translation>核对并导入</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="718" />
            <source>Same?</source>
            <translation>相同？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="725" />
            <source>Save &amp;mapping...</source>
            <translation>保存映射(&amp;M)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="808" />
            <source>Save the mapping</source>
            <translation>保存映射</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="719" />
            <source>Score</source>
            <translation>相似度</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="732" />
            <source>Similar records (confirm to update them instead of adding):</source>
            <translation>相似的记录（确认后将更新该记录而不是新增）：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="734" />
            <source>Skipped features:</source>
            <translation>跳过的要素：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="749" />
            <source>The import cannot be planned.</source>
            <translation>无法生成导入方案。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="706" />
            <source>What the import does. Similar names are only candidates: tick the ones that are the same record.</source>
            <translation>导入将做什么。名称相似的只是候选：请勾选确属同一记录的。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="721" />
            <source>Why it is skipped</source>
            <translation>跳过原因</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="786" />
            <source>%1 more skipped features are not listed (the summary above counts them)</source>
            <translation>另有 %1 个跳过的要素未逐一列出（已计入上方的统计）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="710" />
            <source>by id only</source>
            <translation>仅按编号</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="710" />
            <source>by id, then by name</source>
            <translation>先按编号，再按名称</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="711" />
            <source>by name only</source>
            <translation>仅按名称</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="711" />
            <source>never: all new records</source>
            <translation>不匹配：全部作为新记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/importwizard.py" line="780" />
            <source>; </source>
            <translation>；</translation>
        </message>
    </context>
    <context>
        <name>RoadEditDelegate</name>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="158" />
            <location filename="../../qxmap/ui/workspace_controller.py" line="165" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
    </context>
    <context>
        <name>Snapshot</name>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="139" />
            <source>The map image could not be encoded.</source>
            <translation>无法编码地图图像。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="415" />
            <source>A snapshot is already being taken.</source>
            <translation>正在生成快照，请稍候。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="296" />
            <source>The map's controls could not be hidden for the snapshot.</source>
            <translation>快照时无法隐藏地图控件。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="306" />
            <source>The map is blank: nothing to take a snapshot of.</source>
            <translation>地图为空白：没有可截取的内容。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="337" />
            <source>The composed picture could not be read.</source>
            <translation>无法读取合成的图片。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="203" />
            <source>The map did not finish drawing in time.</source>
            <translation>地图未能及时完成绘制。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="273" />
            <source>The map did not settle at the larger size.</source>
            <translation>地图在放大尺寸下未能稳定显示。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="357" />
            <source>There is no clipboard to copy to.</source>
            <translation>没有可用的剪贴板。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="350" />
            <source>the image could not be written</source>
            <translation>无法写入图像</translation>
        </message>
    </context>
    <context>
        <name>SnapshotDialog</name>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="464" />
            <source>&amp;As shown: the map exactly as on screen</source>
            <translation>所见即所得(&amp;A)：与屏幕上的地图完全一致</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="496" />
            <source>&amp;Copy to clipboard</source>
            <translation>复制到剪贴板(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="495" />
            <source>&amp;Save...</source>
            <translation>保存(&amp;S)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="471" />
            <source>16:9 (slides)</source>
            <translation>16:9（幻灯片）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="474" />
            <source>1x (as on screen)</source>
            <translation>1 倍（与屏幕相同）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="474" />
            <source>2x (sharp on a projector)</source>
            <translation>2 倍（投影清晰）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="475" />
            <source>3x (for print)</source>
            <translation>3 倍（用于打印）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="478" />
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="461" />
            <source>Export snapshot</source>
            <extracomment>After the page's `drawn`, wait this long (ms) more: one extra frame. Give up after this long (ms). Tries to see the original bounds again after a 2x/3x resize. Map labels are this much larger in a snapshot for slides (a 13 px label on a 16:9 picture about twice the map's width would be tiny on a projector); placed again at that size. Held while matplotlib draws in this process (a composed snapshot, the export preview). The map as grabbed (without controls), then the picture written (composed, for slides). The page's capture report when the picture was taken: {"on": True, "visible_controls": 0, "credit": whether the basemap's credit is in it ("as shown" over a basemap)}. Ground metres per CSS pixel at the view's centre (the scale bar), None if the page did not say.</extracomment>
            <translation>导出快照</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="466" />
            <source>For &amp;slides: with title, filter, legend, north arrow, scale bar, source and date</source>
            <translation>用于幻灯片(&amp;S)：附标题、筛选条件、图例、指北针、比例尺、来源和日期</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="493" />
            <source>Pixel density:</source>
            <translation>像素密度：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="491" />
            <source>Shape:</source>
            <translation>画面比例：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="472" />
            <source>The map window's shape</source>
            <translation>与地图窗口相同</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="527" />
            <source>The title is too long: %1 characters (at most %2).</source>
            <translation>标题过长：%1 个字符（最多 %2 个）。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="492" />
            <source>Title:</source>
            <translation>标题：</translation>
        </message>
    </context>
    <context>
        <name>SummaryLabel</name>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="290" />
            <source>Total: %1 records, %2 km (%3 not yet mapped)</source>
            <translation>合计：%1 条记录，%2 km（%3 条尚未定位）</translation>
        </message>
    </context>
    <context>
        <name>TimelinePanel</name>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="559" />
            <source>%1 overdue (red, !)</source>
            <translation>%1 项逾期（红色，!）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="554" />
            <source>%1 record(s) on the timeline</source>
            <translation>时间轴上 %1 项</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="556" />
            <source>%1 without planned dates not shown</source>
            <translation>%1 项无计划日期，未显示</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="527" />
            <source>Records without dates</source>
            <translation>显示无日期的项目</translation>
        </message>
    </context>
    <context>
        <name>TimelineView</name>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="345" />
            <source>%1 record(s) have no dates.</source>
            <translation>%1 项没有日期。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="343" />
            <source>No planned start or target dates for the records shown.</source>
            <extracomment>A record's bar was clicked (its id). Made again only while on screen (2: facts and rows, 1: the rows).</extracomment>
            <translation>所示项目没有计划开工或目标完成日期。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="501" />
            <source>Overdue by %1 day(s)</source>
            <translation>已逾期 %1 天</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="498" />
            <source>Planned %1 → %2</source>
            <translation>计划 %1 → %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/timeline.py" line="405" />
            <source>Today</source>
            <translation>今天</translation>
        </message>
    </context>
    <context>
        <name>TrackingForm</name>
        <message>
            <location filename="../../qxmap/ui/trackingform.py" line="77" />
            <location filename="../../qxmap/ui/trackingform.py" line="78" />
            <source>2019 or 2019-06</source>
            <translation>2019 或 2019-06</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/trackingform.py" line="82" />
            <source>Budget</source>
            <translation>投资估算</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/trackingform.py" line="148" />
            <source>Open a workspace to edit these fields.</source>
            <translation>打开工作空间后才能编辑这些字段。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/trackingform.py" line="83" />
            <source>Planned completion</source>
            <translation>目标完成</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/trackingform.py" line="82" />
            <source>Planned start</source>
            <translation>计划开工</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/trackingform.py" line="150" />
            <source>Showing the state as of %1: the fields are read-only.</source>
            <translation>正在显示截至 %1 的状态：字段为只读。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/trackingform.py" line="45" />
            <source>Tracking</source>
            <extracomment>The fields typed as text, in the form's order.</extracomment>
            <translation>进展跟踪</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/trackingform.py" line="79" />
            <location filename="../../qxmap/ui/trackingform.py" line="80" />
            <source>YYYY-MM-DD</source>
            <translation>YYYY-MM-DD</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/trackingform.py" line="76" />
            <source>e.g. 1200万元 or 3.5亿元</source>
            <translation>例如 1200万元 或 3.5亿元</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/trackingform.py" line="75" />
            <source>e.g. the construction company</source>
            <translation>例如 施工企业名称</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/trackingform.py" line="74" />
            <source>e.g. the town government</source>
            <translation>例如 清溪镇人民政府</translation>
        </message>
    </context>
    <context>
        <name>TrackingUI</name>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="636" />
            <source>Details</source>
            <translation>详情</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="641" />
            <source>Tracking</source>
            <translation>进展跟踪</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="617" />
            <source>Changes since</source>
            <translation>变更</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="616" />
            <source>Overview</source>
            <translation>概览</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="618" />
            <source>Progress dashboard</source>
            <translation>进展概览</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/dashboard.py" line="643" />
            <source>Timeline</source>
            <translation>时间轴</translation>
        </message>
    </context>
    <context>
        <name>WorkspaceController</name>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="328" />
            <source>Opening %1…</source>
            <translation>正在打开 %1…</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="343" />
            <source>%1 was brought up to date: it now has the tracking fields (owner, budget, dates...), empty; nothing else changed</source>
            <translation>%1 已升级：新增了进展跟踪字段（建设单位、投资估算、日期等），均为空；其他内容未变</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="647" />
            <source>Edits change today's state: turn off “State as of” first.</source>
            <translation>编辑修改的是当前状态：请先关闭“状态截至”。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="646" />
            <source>The table shows the state as of %1</source>
            <translation>表格显示的是截至 %1 的状态</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="462" />
            <source>%1 → %2</source>
            <translation>%1 → %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="465" />
            <source>%1: %2 becomes %3. Change these too?</source>
            <translation>%1：%2 改为 %3。是否一并修改以下各项？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="831" />
            <source>not yet saved</source>
            <translation>尚未保存</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="854" />
            <source>No changes yet.</source>
            <translation>尚无修改。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="901" />
            <source>Related fields</source>
            <translation>相关字段</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="252" />
            <source>&amp;New workspace from data...</source>
            <extracomment>A workspace was opened or reloaded (argument: its path as text). Pending edits were written (argument: number of history rows).</extracomment>
            <translation>从数据新建工作空间(&amp;N)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="254" />
            <source>Open &amp;workspace...</source>
            <translation>打开工作空间(&amp;W)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="257" />
            <source>Recent &amp;workspaces</source>
            <translation>最近的工作空间(&amp;W)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="259" />
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="262" />
            <source>Reload &amp;workspace from disk</source>
            <translation>从磁盘重新加载工作空间(&amp;W)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="264" />
            <source>Export layers to &amp;GeoJSON...</source>
            <translation>导出图层为 &amp;GeoJSON...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="266" />
            <source>Export &amp;history to CSV...</source>
            <translation>导出修改历史为 CSV(&amp;H)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="288" />
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="289" />
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="291" />
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="293" />
            <source>Road &amp;history...</source>
            <translation>道路修改历史(&amp;H)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="333" />
            <source>Cannot open the workspace %1</source>
            <translation>无法打开工作空间 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="340" />
            <source>The workspace %1 is read-only: edits cannot be saved.</source>
            <translation>工作空间 %1 为只读：无法保存修改。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="376" />
            <source>Open workspace</source>
            <translation>打开工作空间</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="377" />
            <source>GeoPackage workspace (*.gpkg);;All files (*)</source>
            <translation>GeoPackage 工作空间 (*.gpkg);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="384" />
            <source>Folder of GeoJSON layers to import</source>
            <translation>要导入的 GeoJSON 图层文件夹</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="387" />
            <source>New workspace</source>
            <translation>新建工作空间</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="389" />
            <source>GeoPackage workspace (*.gpkg)</source>
            <translation>GeoPackage 工作空间 (*.gpkg)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="401" />
            <source>Cannot create the workspace %1</source>
            <translation>无法创建工作空间 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="429" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="444" />
            <location filename="../../qxmap/ui/workspace_controller.py" line="449" />
            <location filename="../../qxmap/ui/workspace_controller.py" line="667" />
            <source>%1: the value was not accepted</source>
            <translation>%1：该值未被接受</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="454" />
            <source>%1: %2

Change it anyway?</source>
            <translation>%1：%2

仍要修改吗？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="492" />
            <source>%1: %2 %3 → %4</source>
            <translation>%1：%2 %3 → %4</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="524" />
            <source>The change cannot be made</source>
            <translation>无法进行此修改</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="601" />
            <source>The workspace was not saved; your edits are kept</source>
            <translation>工作空间未保存；您的修改仍保留</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="607" />
            <source>Saved %1 change(s) to %2</source>
            <translation>已将 %1 处修改保存到 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="682" />
            <source>Not saved: changed by someone else since you opened the workspace: %1</source>
            <translation>未保存：自您打开工作空间以来，他人已修改：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="684" />
            <source>Reload to see their changes (your other edits are kept), then edit again.</source>
            <translation>请重新加载以查看他人的修改（您的其他修改会保留），然后再次编辑。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="686" />
            <location filename="../../qxmap/ui/workspace_controller.py" line="754" />
            <source>&amp;Reload</source>
            <translation>重新加载(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="715" />
            <source>Reload the workspace from disk? Edits that clash with the file are dropped.</source>
            <translation>从磁盘重新加载工作空间吗？与文件冲突的修改将被丢弃。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="721" />
            <source>The workspace cannot be reloaded</source>
            <translation>无法重新加载工作空间</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="733" />
            <source>%1 edit(s) were dropped: the file now holds other values for them.</source>
            <translation>已丢弃 %1 处修改：文件中这些项已是其他值。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="750" />
            <source>%1 was changed by another program.</source>
            <translation>%1 已被其他程序修改。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="751" />
            <source>Reload it? Your unsaved edits are kept where they do not clash.</source>
            <translation>重新加载吗？未冲突的未保存修改将会保留。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="752" />
            <source>Reload it to see the changes?</source>
            <translation>重新加载以查看更改吗？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="755" />
            <source>&amp;Ignore</source>
            <translation>忽略(&amp;I)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="775" />
            <source>%1 has %2 unsaved change(s).</source>
            <translation>%1 有 %2 处未保存的修改。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="791" />
            <source>Export layers to folder</source>
            <translation>导出图层到文件夹</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="800" />
            <source>The layers were not exported</source>
            <translation>图层未导出</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="802" />
            <source>Exported %1 layer(s) to %2</source>
            <translation>已将 %1 个图层导出到 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="809" />
            <source>Export history to CSV</source>
            <translation>导出修改历史为 CSV</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="811" />
            <source>CSV (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="819" />
            <source>The history was not exported</source>
            <translation>修改历史未导出</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="821" />
            <source>History written to %1</source>
            <translation>修改历史已写入 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="845" />
            <source>Select one road to see its history.</source>
            <translation>请选择一条道路以查看其修改历史。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="851" />
            <source>The history cannot be read</source>
            <translation>无法读取修改历史</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="853" />
            <source>History of %1</source>
            <translation>%1 的修改历史</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="859" />
            <source>qxmap</source>
            <translation>qxmap</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="908" />
            <source>Confirm the change</source>
            <translation>确认修改</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="915" />
            <source>Unsaved changes</source>
            <translation>未保存的修改</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="915" />
            <source>Save them before closing?</source>
            <translation>关闭前保存这些修改吗？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="728" />
            <source>%1 import(s) were dropped: they no longer fit the workspace as the file holds it.</source>
            <translation>%1 次导入已放弃：它们与文件中现有的工作区不再相符。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="268" />
            <source>&amp;Import...</source>
            <translation>导入(&amp;I)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="270" />
            <source>Bring a planner's file into the workspace: Shapefile, GeoPackage, GeoJSON, KML/KMZ, GPX, DXF, CSV, Excel, FlatGeobuf or zip</source>
            <translation>把规划文件导入工作区：Shapefile、GeoPackage、GeoJSON、KML/KMZ、GPX、DXF、CSV、Excel、FlatGeobuf 或 zip</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="556" />
            <source>Import %1 as a reference layer</source>
            <translation>将 %1 导入为参考图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="553" />
            <source>Import %1: %2 updated, %3 added</source>
            <translation>导入 %1：更新 %2 个，新增 %3 个</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="533" />
            <source>Imported data goes into a workspace: open one (File &gt; Open workspace) or make one (File &gt; New workspace from data).</source>
            <translation>导入的数据需放入工作区：请打开一个（文件 &gt; 打开工作区）或新建一个（文件 &gt; 从数据新建工作区）。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="532" />
            <source>Open a workspace first</source>
            <translation>请先打开工作区</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="564" />
            <source>The import cannot be applied</source>
            <translation>无法执行导入</translation>
        </message>
    </context>
    <context>
        <name>labels</name>
        <message>
            <location filename="../../qxmap/ui/labels.py" line="84" />
            <source>Not yet mapped: the report counts it but gives no position</source>
            <translation>尚未定位：报告计入了该项目，但未给出位置</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/labels.py" line="163" />
            <source>point</source>
            <translation>点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/labels.py" line="172" />
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/labels.py" line="174" />
            <source>Geometry</source>
            <translation>几何图形</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/labels.py" line="178" />
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/labels.py" line="123" />
            <source>%1 × 10k yuan</source>
            <translation>%1 万元</translation>
        </message>
        <message>
            <source>Planned</source>
            <translation>规划</translation>
        </message>
        <message>
            <source>Preparing</source>
            <translation>前期准备</translation>
        </message>
        <message>
            <source>Under construction</source>
            <translation>在建</translation>
        </message>
        <message>
            <source>Completed</source>
            <translation>已建成</translation>
        </message>
        <message>
            <source>On hold</source>
            <translation>暂缓</translation>
        </message>
        <message>
            <source>Under way</source>
            <translation>已开工</translation>
        </message>
        <message>
            <source>To start this year</source>
            <translation>今年动工</translation>
        </message>
        <message>
            <source>To be built by 2018</source>
            <translation>2018年前建成</translation>
        </message>
        <message>
            <source>To be built 2018–2020</source>
            <translation>2018–2020年建成</translation>
        </message>
        <message>
            <source>No date in the report</source>
            <translation>未排期</translation>
        </message>
        <message>
            <source>Expressway</source>
            <translation>高速公路</translation>
        </message>
        <message>
            <source>Provincial/county road</source>
            <translation>省道/县道</translation>
        </message>
        <message>
            <source>External road</source>
            <translation>外联道路</translation>
        </message>
        <message>
            <source>Town road</source>
            <translation>镇内道路</translation>
        </message>
        <message>
            <source>Expressway exit</source>
            <translation>高速出入口</translation>
        </message>
        <message>
            <source>Surveyed</source>
            <translation>测绘位置</translation>
        </message>
        <message>
            <source>Imported</source>
            <translation>导入位置</translation>
        </message>
        <message>
            <source>Traced from a plan</source>
            <translation>描绘位置（依规划图）</translation>
        </message>
        <message>
            <source>Drawn by hand</source>
            <translation>手绘位置</translation>
        </message>
        <message>
            <source>Approximate</source>
            <translation>大致位置</translation>
        </message>
        <message>
            <source>Schematic</source>
            <translation>示意位置</translation>
        </message>
        <message>
            <source>Not yet mapped</source>
            <translation>尚未定位</translation>
        </message>
        <message>
            <source>Town boundary</source>
            <translation>镇界</translation>
        </message>
        <message>
            <source>Roads</source>
            <translation>道路</translation>
        </message>
        <message>
            <source>Expressway exits</source>
            <translation>高速出入口</translation>
        </message>
        <message>
            <source>Parks and scenic areas</source>
            <translation>公园与景区</translation>
        </message>
        <message>
            <source>Industrial, innovation and logistics zones</source>
            <translation>产业与创新片区</translation>
        </message>
        <message>
            <source>Public facilities and environment</source>
            <translation>公共设施与环境项目</translation>
        </message>
        <message>
            <source>Forest park</source>
            <translation>森林公园</translation>
        </message>
        <message>
            <source>Park</source>
            <translation>公园</translation>
        </message>
        <message>
            <source>Scenic area</source>
            <translation>景区</translation>
        </message>
        <message>
            <source>Cultural project</source>
            <translation>文化项目</translation>
        </message>
        <message>
            <source>Innovation park</source>
            <translation>科技创新园区</translation>
        </message>
        <message>
            <source>Industrial project</source>
            <translation>产业项目</translation>
        </message>
        <message>
            <source>Logistics</source>
            <translation>物流项目</translation>
        </message>
        <message>
            <source>Upgrade area</source>
            <translation>升级改造片区</translation>
        </message>
        <message>
            <source>Control-plan area</source>
            <translation>控规片区</translation>
        </message>
        <message>
            <source>Demonstration zone</source>
            <translation>示范区</translation>
        </message>
        <message>
            <source>Urban renewal</source>
            <translation>城市更新</translation>
        </message>
        <message>
            <source>Culture</source>
            <translation>文化设施</translation>
        </message>
        <message>
            <source>Health</source>
            <translation>医疗设施</translation>
        </message>
        <message>
            <source>Sports</source>
            <translation>体育设施</translation>
        </message>
        <message>
            <source>Environment</source>
            <translation>环境整治</translation>
        </message>
        <message>
            <source>Utility</source>
            <translation>市政设施</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>名称</translation>
        </message>
        <message>
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <source>Build phase</source>
            <translation>建设阶段</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Length (km)</source>
            <translation>长度 (km)</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>开工</translation>
        </message>
        <message>
            <source>Target</source>
            <translation>目标</translation>
        </message>
        <message>
            <source>Progress</source>
            <translation>进度</translation>
        </message>
        <message>
            <source>Position accuracy</source>
            <translation>位置精度</translation>
        </message>
        <message>
            <source>Last updated</source>
            <translation>最近更新</translation>
        </message>
        <message>
            <source>Planned start</source>
            <translation>计划开工</translation>
        </message>
        <message>
            <source>Planned completion</source>
            <translation>目标完成</translation>
        </message>
        <message>
            <source>Planned start month</source>
            <translation>计划开工月份</translation>
        </message>
        <message>
            <source>Target month</source>
            <translation>目标完成月份</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>建设单位</translation>
        </message>
        <message>
            <source>Contractor</source>
            <translation>施工单位</translation>
        </message>
        <message>
            <source>Budget (10k yuan)</source>
            <translation>投资估算（万元）</translation>
        </message>
        <message>
            <source>Actual start</source>
            <translation>实际开工日期</translation>
        </message>
        <message>
            <source>Completed on</source>
            <translation>实际完工日期</translation>
        </message>
        <message>
            <source>ID</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Chinese name</source>
            <translation>中文名称</translation>
        </message>
        <message>
            <source>English name</source>
            <translation>英文名称</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Road</source>
            <translation>所属道路</translation>
        </message>
    </context>
</TS>
