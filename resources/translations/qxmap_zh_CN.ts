<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>BasemapController</name>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="35" />
            <source>&amp;Basemap</source>
            <translation>底图(&amp;B)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="39" />
            <source>None (offline)</source>
            <translation>无（离线）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="40" />
            <source>OpenStreetMap (online)</source>
            <translation>OpenStreetMap（在线）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="41" />
            <source>Tianditu (online, needs a key)</source>
            <translation>天地图（在线，需要密钥）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="42" />
            <source>AMap / Gaode (online, GCJ-02)</source>
            <translation>高德地图（在线，GCJ-02）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="43" />
            <source>Local tiles (MBTiles or folder)...</source>
            <translation>本地瓦片（MBTiles 或文件夹）...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="54" />
            <source>Tianditu key...</source>
            <translation>天地图密钥...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="68" />
            <source>Open local tiles</source>
            <translation>打开本地瓦片</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="69" />
            <source>MBTiles (*.mbtiles);;All files (*)</source>
            <translation>MBTiles 文件 (*.mbtiles);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="71" />
            <source>Open a folder of XYZ tiles</source>
            <translation>打开 XYZ 瓦片文件夹</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="87" />
            <source>These tiles cannot be used: %1</source>
            <translation>无法使用这些瓦片：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="137" />
            <source>Tianditu key</source>
            <translation>天地图密钥</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="138" />
            <source>Your Tianditu (天地图) browser key:</source>
            <translation>您的天地图浏览器端密钥：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="151" />
            <location filename="../../qxmap/ui/basemapmenu.py" line="153" />
            <source>WGS-84: %1, %2</source>
            <translation>WGS-84：%1, %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="152" />
            <source>GCJ-02: %1, %2</source>
            <translation>GCJ-02：%1, %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="160" />
            <source>Basemap unavailable (no connection?): the map works without it.</source>
            <translation>底图不可用（可能未联网）：地图仍可正常使用。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/basemapmenu.py" line="167" />
            <source>Basemap</source>
            <translation>底图</translation>
        </message>
    </context>
    <context>
        <name>DetailsPane</name>
        <message>
            <source>State as of</source>
            <translation>状态截至</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="139" />
            <source>Select a road in the table or on the map.</source>
            <translation>在表格或地图中选择一条道路。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="152" />
            <source>Layer</source>
            <translation>图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="153" />
            <source>ID</source>
            <translation>编号</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="154" />
            <source>English name</source>
            <translation>英文名称</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="158" />
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="160" />
            <source>Expressway</source>
            <translation>高速公路</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="173" />
            <source>Area (km²)</source>
            <translation>面积 (km²)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="175" />
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="177" />
            <source>Schematic position: drawn from the work report's words and rough references, not surveyed.</source>
            <translation>示意位置：根据工作报告的描述和粗略参照绘制，未经测绘。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="179" />
            <source>Approximate position: placed from a map point of medium or high confidence; its extent is not surveyed.</source>
            <translation>大致位置：依据中高可信度的地图点位放置，范围未经测绘。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="181" />
            <source>Not yet mapped: the work report counts it but gives no position.</source>
            <translation>尚未定位：工作报告计入了该项目，但未给出位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="182" />
            <source>Surveyed position.</source>
            <translation>测绘位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" />
            <source>Drawn by hand on the map by a planner: not surveyed.</source>
            <translation>由规划人员在地图上手绘：非测绘位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" />
            <source>Traced over a georeferenced plan drawing: as exact as the plan and its fitting.</source>
            <translation>依据已配准的规划图描绘：精度取决于规划图及其配准。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="184" />
            <source>From the work report</source>
            <translation>工作报告原文</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="101" />
            <location filename="../../qxmap/ui/exportdialog.py" line="336" />
            <location filename="../../qxmap/ui/exportdialog.py" line="387" />
            <source>Export</source>
            <extracomment>The export ended: the path written, or the exception (ExportCancelled, WriteFailed, ...).</extracomment>
            <translation>导出</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="106" />
            <source>Print layout, image (PNG)</source>
            <translation>打印版式，图像 (PNG)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="107" />
            <source>Print layout (PDF)</source>
            <translation>打印版式 (PDF)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="108" />
            <source>Print layout, vector (SVG)</source>
            <translation>打印版式，矢量图 (SVG)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="109" />
            <source>Slide deck (PPTX)</source>
            <translation>演示文稿 (PPTX)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="110" />
            <source>Road table (CSV)</source>
            <translation>道路表 (CSV)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="111" />
            <source>Road table (XLSX)</source>
            <translation>道路表 (XLSX)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="119" />
            <source>Landscape</source>
            <translation>横向</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="120" />
            <source>Portrait</source>
            <translation>纵向</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="123" />
            <source>%1 dpi</source>
            <translation>%1 dpi</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="125" />
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="130" />
            <source>Current map view</source>
            <translation>当前地图视图</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="132" />
            <source>Choose a file...</source>
            <translation>选择文件...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="133" />
            <source>Browse...</source>
            <translation>浏览...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="151" />
            <source>&amp;Format:</source>
            <translation>格式(&amp;F)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="152" />
            <source>&amp;Paper:</source>
            <translation>纸张(&amp;P)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="153" />
            <source>&amp;Orientation:</source>
            <translation>方向(&amp;O)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="154" />
            <source>&amp;Resolution:</source>
            <translation>分辨率(&amp;R)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="155" />
            <source>&amp;Title:</source>
            <translation>标题(&amp;T)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="156" />
            <source>&amp;Extent:</source>
            <translation>范围(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="157" />
            <source>File:</source>
            <translation>文件：</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="160" />
            <source>&amp;Export</source>
            <translation>导出(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="236" />
            <source>PNG image (*.png)</source>
            <translation>PNG 图像 (*.png)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="236" />
            <source>PDF document (*.pdf)</source>
            <translation>PDF 文档 (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="237" />
            <source>SVG image (*.svg)</source>
            <translation>SVG 图像 (*.svg)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="237" />
            <source>PowerPoint deck (*.pptx)</source>
            <translation>PowerPoint 演示文稿 (*.pptx)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="238" />
            <source>CSV table (*.csv)</source>
            <translation>CSV 表格 (*.csv)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="238" />
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="240" />
            <source>Export to</source>
            <translation>导出到</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="281" />
            <source>No data open</source>
            <translation>未打开数据</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="291" />
            <source>No preview: %1</source>
            <translation>无法预览：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="310" />
            <source>Nothing to export</source>
            <translation>没有可导出的内容</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="310" />
            <source>Open a dataset first.</source>
            <translation>请先打开数据集。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="314" />
            <source>No file chosen</source>
            <translation>未选择文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="314" />
            <source>Choose the file to export to.</source>
            <translation>请选择要导出到的文件。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="325" />
            <source>The file name ends in %1 but the format is %2.</source>
            <translation>文件扩展名为 %1，但所选格式为 %2。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="328" />
            <location filename="../../qxmap/ui/exportdialog.py" line="381" />
            <source>The export options are not valid</source>
            <translation>导出选项无效</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="333" />
            <source>Exporting %1...</source>
            <translation>正在导出 %1...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="333" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="373" />
            <source>Exported %1</source>
            <translation>已导出 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="375" />
            <source>Export cancelled: no file was written.</source>
            <translation>已取消导出：未写入任何文件。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="377" />
            <source>The export could not be written</source>
            <translation>无法写入导出文件</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="378" />
            <source>%1: %2
No file was left behind.</source>
            <translation>%1：%2
未留下任何文件。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="383" />
            <source>The export failed</source>
            <translation>导出失败</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="415" />
            <source>&amp;Export...</source>
            <translation>导出(&amp;E)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="419" />
            <source>Export &amp;snapshot...</source>
            <translation>导出快照(&amp;S)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="434" />
            <source>Export snapshot</source>
            <translation>导出快照</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="458" />
            <source>The snapshot could not be taken</source>
            <translation>无法生成快照</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/exportdialog.py" line="465" />
            <source>Snapshot saved: %1</source>
            <translation>快照已保存：%1</translation>
        </message>
        <message>
            <source>&amp;Copy snapshot</source>
            <translation>复制快照(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Logo:</source>
            <translation>标志(&amp;L)：</translation>
        </message>
        <message>
            <source>&amp;Notes:</source>
            <translation>说明(&amp;N)：</translation>
        </message>
        <message>
            <source>&amp;Subtitle:</source>
            <translation>副标题(&amp;S)：</translation>
        </message>
        <message>
            <source>(also on the clipboard)</source>
            <translation>（也已复制到剪贴板）</translation>
        </message>
        <message>
            <source>(no template)</source>
            <translation>（不使用模板）</translation>
        </message>
        <message>
            <source>A template needs a name of 1 to %1 characters.</source>
            <translation>模板名称须为 1 至 %1 个字符。</translation>
        </message>
        <message>
            <source>Choose a PNG or JPEG image.</source>
            <translation>请选择 PNG 或 JPEG 图像。</translation>
        </message>
        <message>
            <source>Choose a logo</source>
            <translation>选择标志图像</translation>
        </message>
        <message>
            <source>Choose...</source>
            <translation>选择...</translation>
        </message>
        <message>
            <source>Copy the map to the clipboard as the last snapshot was (as shown or for slides), to paste into a slide</source>
            <translation>按上次快照的方式（所见即所得或用于幻灯片）将地图复制到剪贴板，可直接粘贴到幻灯片</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Delete template</source>
            <translation>删除模板</translation>
        </message>
        <message>
            <source>Delete the template “%1”?</source>
            <translation>删除模板“%1”？</translation>
        </message>
        <message>
            <source>Fit to the filtered features (with locator)</source>
            <translation>适配筛选要素（附位置示意图）</translation>
        </message>
        <message>
            <source>Images (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;All files (*)</source>
            <translation>图像 (*.png *.jpg *.jpeg *.gif *.bmp *.webp);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Label si&amp;ze:</source>
            <translation>标注字号(&amp;Z)：</translation>
        </message>
        <message>
            <source>Large</source>
            <translation>大</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>标准</translation>
        </message>
        <message>
            <source>Nothing was written.</source>
            <translation>未写入任何文件。</translation>
        </message>
        <message>
            <source>Optional: a PNG or JPEG image</source>
            <translation>可选：PNG 或 JPEG 图像</translation>
        </message>
        <message>
            <source>Optional: e.g. the town's planning office</source>
            <translation>可选：如镇规划办</translation>
        </message>
        <message>
            <source>Optional: in the footer and the slides' speaker notes</source>
            <translation>可选：显示在页脚及幻灯片备注中</translation>
        </message>
        <message>
            <source>Optional: shown under the title</source>
            <translation>可选：显示在标题下方</translation>
        </message>
        <message>
            <source>Or&amp;ganisation:</source>
            <translation>单位(&amp;G)：</translation>
        </message>
        <message>
            <source>Replace the template “%1”?</source>
            <translation>替换模板“%1”？</translation>
        </message>
        <message>
            <source>Save as...</source>
            <translation>另存为...</translation>
        </message>
        <message>
            <source>Save template</source>
            <translation>保存模板</translation>
        </message>
        <message>
            <source>Small</source>
            <translation>小</translation>
        </message>
        <message>
            <source>Snapshot copied to the clipboard (%1 x %2 pixels): paste it into a slide.</source>
            <translation>快照已复制到剪贴板（%1 × %2 像素）：可粘贴到幻灯片中。</translation>
        </message>
        <message>
            <source>Te&amp;mplate:</source>
            <translation>模板(&amp;M)：</translation>
        </message>
        <message>
            <source>Template name:</source>
            <translation>模板名称：</translation>
        </message>
        <message>
            <source>Template saved: %1</source>
            <translation>模板已保存：%1</translation>
        </message>
        <message>
            <source>The default settings are used instead.</source>
            <translation>已改用默认设置。</translation>
        </message>
        <message>
            <source>The logo cannot be used</source>
            <translation>无法使用该标志图像</translation>
        </message>
        <message>
            <source>The logo cannot be used: %1</source>
            <translation>无法使用该标志图像：%1</translation>
        </message>
        <message>
            <source>The notes are too long: %1 characters (at most %2).</source>
            <translation>说明过长：%1 个字符（最多 %2 个）。</translation>
        </message>
        <message>
            <source>The organisation name is too long: %1 characters (at most %2).</source>
            <translation>单位名称过长：%1 个字符（最多 %2 个）。</translation>
        </message>
        <message>
            <source>The saved templates cannot be read (the settings hold something else); none are offered until one is saved again.</source>
            <translation>无法读取已保存的模板（设置中的内容不是模板）；重新保存模板之前不提供模板。</translation>
        </message>
        <message>
            <source>The subtitle is too long: %1 characters (at most %2).</source>
            <translation>副标题过长：%1 个字符（最多 %2 个）。</translation>
        </message>
        <message>
            <source>The template cannot be saved</source>
            <translation>无法保存模板</translation>
        </message>
        <message>
            <source>The template “%1” cannot be used</source>
            <translation>无法使用模板“%1”</translation>
        </message>
        <message>
            <source>The template's frame</source>
            <translation>模板中保存的范围</translation>
        </message>
        <message>
            <source>The templates cannot be read</source>
            <translation>无法读取模板</translation>
        </message>
        <message>
            <source>The title is too long: %1 characters (at most %2).</source>
            <translation>标题过长：%1 个字符（最多 %2 个）。</translation>
        </message>
        <message>
            <source>Whole town (filtered features highlighted)</source>
            <translation>全镇（突出显示筛选要素）</translation>
        </message>
        <message>
            <source>there is no template of that name</source>
            <translation>没有该名称的模板</translation>
        </message>
    </context>
    <context>
        <name>FilterPanel</name>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="44" />
            <source>Build phase</source>
            <translation>建设阶段</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="45" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="46" />
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="67" />
            <source>Search names (Chinese or English)</source>
            <translation>搜索名称（中文或英文）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="70" />
            <source>Clear filters</source>
            <translation>清除筛选</translation>
        </message>
    </context>
    <context>
        <name>LayerPanel</name>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="245" />
            <source>Layers</source>
            <translation>图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="268" />
            <source>Legend</source>
            <translation>图例</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="271" />
            <source>Status (colour)</source>
            <translation>状态（颜色）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="279" />
            <source>Road category (width)</source>
            <translation>道路类别（线宽）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="288" />
            <source>Positions are schematic reconstructions from the town work report, not survey data. Each feature says how accurate it is.</source>
            <translation>位置为根据镇政府工作报告重建的示意位置，并非测绘数据。每个要素均注明其位置精度。</translation>
        </message>
        <message>
            <source>Labels</source>
            <translation>标注</translation>
        </message>
        <message>
            <source>Names of roads, exits, parks and zones on the map: the most important first, as many as fit</source>
            <translation>在地图上标注道路、出入口、公园与片区名称：重要的优先，放得下多少显示多少</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>State as of %1</source>
            <translation>状态截至 %1</translation>
        </message>
        <message>
            <source>&amp;Tools</source>
            <translation>工具(&amp;T)</translation>
        </message>
        <message>
            <source>%1 was opened; %2 thing(s) in it were repaired while loading.</source>
            <translation>已打开 %1；载入时修复了其中 %2 处问题。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="52" />
            <location filename="../../qxmap/ui/mainwindow.py" line="222" />
            <source>Qingxi Infrastructure Map</source>
            <translation>清溪基建地图</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="125" />
            <source>Road status</source>
            <translation>道路状态</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="134" />
            <source>Layers and legend</source>
            <translation>图层与图例</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="140" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="141" />
            <source>&amp;Open dataset...</source>
            <translation>打开数据集(&amp;O)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="144" />
            <source>&amp;Reload</source>
            <translation>重新加载(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="147" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="156" />
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="160" />
            <source>&amp;Fit to town</source>
            <translation>缩放至全镇(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="164" />
            <source>&amp;Clear filters</source>
            <translation>清除筛选(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="171" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="172" />
            <source>&amp;About qxmap</source>
            <translation>关于 qxmap(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="179" />
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="183" />
            <source>As the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="197" />
            <source>The language changes the next time qxmap starts.</source>
            <translation>界面语言将在下次启动 qxmap 时更改。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="211" />
            <source>Cannot open %1</source>
            <translation>无法打开 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="235" />
            <source>Open dataset</source>
            <translation>打开数据集</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="236" />
            <source>Map data (*.geojson *.json *.gpkg);;All files (*)</source>
            <translation>地图数据 (*.geojson *.json *.gpkg);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="238" />
            <source>Open a folder of GeoJSON layers</source>
            <translation>打开 GeoJSON 图层文件夹</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="248" />
            <source>… and %1 more (see the details)</source>
            <translation>…… 另有 %1 项（见详细信息）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="250" />
            <source>%1 cannot be opened: %2 problem(s). The data that was open stays open.</source>
            <translation>无法打开 %1：发现 %2 个问题。当前已打开的数据保持不变。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="255" />
            <source>qxmap</source>
            <translation>qxmap</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="300" />
            <source>%1 is not mapped yet: the report gives no position.</source>
            <translation>%1 尚未定位：报告未给出位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="353" />
            <source>qxmap (清溪基建地图) shows the infrastructure projects of Qingxi town, Dongguan, from the town government's work report.

Data sources: the projects, their phases and the words quoted for each come from the work report. Positions are a schematic reconstruction: the town outline is simplified, a few points come from map services (approximate), most lines and areas are schematic, and records the report counts without naming them are listed as not yet mapped. Nothing is survey data.</source>
            <translation>qxmap（清溪基建地图）根据镇政府工作报告，展示东莞市清溪镇的基础设施项目。

数据来源：项目、建设阶段及各项目引用的原文均来自工作报告。位置为示意重建：镇界经过简化，少数点位取自地图服务（大致位置），大部分线和面为示意位置，报告中只计数而未列名的项目列为尚未定位。所有数据均非测绘数据。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="359" />
            <source>About qxmap</source>
            <translation>关于 qxmap</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="368" />
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="369" />
            <source>; </source>
            <translation>；</translation>
        </message>
        <message>
            <source>qxmap data (*.geojson *.json *.gpkg)</source>
            <translation>qxmap 数据 (*.geojson *.json *.gpkg)</translation>
        </message>
    </context>
    <context>
        <name>MeasureTool</name>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="31" />
            <source>&amp;Tools</source>
            <translation>工具(&amp;T)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="35" />
            <source>Measure &amp;distance</source>
            <translation>测量距离(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="37" />
            <source>Measure &amp;area</source>
            <translation>测量面积(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="44" />
            <source>&amp;Stop measuring</source>
            <translation>停止测量(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="60" />
            <source>Click on the map to measure; Esc stops.</source>
            <translation>在地图上点击进行测量；按 Esc 停止。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="76" />
            <source>Area: click at least three points</source>
            <translation>面积：请至少点击三个点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="81" />
            <source>Area: %1 (perimeter %2)</source>
            <translation>面积：%1（周长 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="85" />
            <source>Distance: click the next point</source>
            <translation>距离：请点击下一个点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/measuretool.py" line="89" />
            <source>Distance: %1</source>
            <translation>距离：%1</translation>
        </message>
    </context>
    <context>
        <name>RoadEditDelegate</name>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="132" />
            <location filename="../../qxmap/ui/workspace_controller.py" line="139" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
    </context>
    <context>
        <name>Snapshot</name>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="222" />
            <source>A snapshot is already being taken.</source>
            <translation>正在生成快照，请稍候。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="163" />
            <source>The map is blank: nothing to take a snapshot of.</source>
            <translation>地图为空白：没有可截取的内容。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="94" />
            <source>The map did not finish drawing in time.</source>
            <translation>地图未能及时完成绘制。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="149" />
            <source>The map did not settle at the larger size.</source>
            <translation>地图在放大尺寸下未能稳定显示。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/snapshot.py" line="174" />
            <source>the image could not be written</source>
            <translation>无法写入图像</translation>
        </message>
        <message>
            <source>The composed picture could not be read.</source>
            <translation>无法读取合成的图片。</translation>
        </message>
        <message>
            <source>The map image could not be encoded.</source>
            <translation>无法编码地图图像。</translation>
        </message>
        <message>
            <source>The map's controls could not be hidden for the snapshot.</source>
            <translation>快照时无法隐藏地图控件。</translation>
        </message>
        <message>
            <source>There is no clipboard to copy to.</source>
            <translation>没有可用的剪贴板。</translation>
        </message>
    </context>
    <context>
        <name>SnapshotDialog</name>
        <message>
            <source>&amp;As shown: the map exactly as on screen</source>
            <translation>所见即所得(&amp;A)：与屏幕上的地图完全一致</translation>
        </message>
        <message>
            <source>&amp;Copy to clipboard</source>
            <translation>复制到剪贴板(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Save...</source>
            <translation>保存(&amp;S)...</translation>
        </message>
        <message>
            <source>16:9 (slides)</source>
            <translation>16:9（幻灯片）</translation>
        </message>
        <message>
            <source>1x (as on screen)</source>
            <translation>1 倍（与屏幕相同）</translation>
        </message>
        <message>
            <source>2x (sharp on a projector)</source>
            <translation>2 倍（投影清晰）</translation>
        </message>
        <message>
            <source>3x (for print)</source>
            <translation>3 倍（用于打印）</translation>
        </message>
        <message>
            <source>Automatic</source>
            <translation>自动</translation>
        </message>
        <message>
            <source>Export snapshot</source>
            <translation>导出快照</translation>
        </message>
        <message>
            <source>For &amp;slides: with title, filter, legend, north arrow, scale bar, source and date</source>
            <translation>用于幻灯片(&amp;S)：附标题、筛选条件、图例、指北针、比例尺、来源和日期</translation>
        </message>
        <message>
            <source>Pixel density:</source>
            <translation>像素密度：</translation>
        </message>
        <message>
            <source>Shape:</source>
            <translation>画面比例：</translation>
        </message>
        <message>
            <source>The map window's shape</source>
            <translation>与地图窗口相同</translation>
        </message>
        <message>
            <source>The title is too long: %1 characters (at most %2).</source>
            <translation>标题过长：%1 个字符（最多 %2 个）。</translation>
        </message>
        <message>
            <source>Title:</source>
            <translation>标题：</translation>
        </message>
    </context>
    <context>
        <name>SummaryLabel</name>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="122" />
            <source>Total: %1 records, %2 km (%3 not yet mapped)</source>
            <translation>合计：%1 条记录，%2 km（%3 条尚未定位）</translation>
        </message>
    </context>
    <context>
        <name>WorkspaceController</name>
        <message>
            <source>%1 was brought up to date: it now has the tracking fields (owner, budget, dates...), empty; nothing else changed</source>
            <translation>%1 已升级：新增了进展跟踪字段（建设单位、投资估算、日期等），均为空；其他内容未变</translation>
        </message>
        <message>
            <source>Edits change today's state: turn off “State as of” first.</source>
            <translation>编辑修改的是当前状态：请先关闭“状态截至”。</translation>
        </message>
        <message>
            <source>The table shows the state as of %1</source>
            <translation>表格显示的是截至 %1 的状态</translation>
        </message>
        <message>
            <source>%1 → %2</source>
            <translation>%1 → %2</translation>
        </message>
        <message>
            <source>%1: %2 becomes %3. Change these too?</source>
            <translation>%1：%2 改为 %3。是否一并修改以下各项？</translation>
        </message>
        <message>
            <source>not yet saved</source>
            <translation>尚未保存</translation>
        </message>
        <message>
            <source>No changes yet.</source>
            <translation>尚无修改。</translation>
        </message>
        <message>
            <source>Related fields</source>
            <translation>相关字段</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="223" />
            <source>&amp;New workspace from data...</source>
            <extracomment>A workspace was opened or reloaded (argument: its path as text). Pending edits were written (argument: number of history rows).</extracomment>
            <translation>从数据新建工作空间(&amp;N)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="225" />
            <source>Open &amp;workspace...</source>
            <translation>打开工作空间(&amp;W)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="228" />
            <source>Recent &amp;workspaces</source>
            <translation>最近的工作空间(&amp;W)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="230" />
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="233" />
            <source>Reload &amp;workspace from disk</source>
            <translation>从磁盘重新加载工作空间(&amp;W)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="235" />
            <source>Export layers to &amp;GeoJSON...</source>
            <translation>导出图层为 &amp;GeoJSON...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="237" />
            <source>Export &amp;history to CSV...</source>
            <translation>导出修改历史为 CSV(&amp;H)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="254" />
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="255" />
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="257" />
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="259" />
            <source>Road &amp;history...</source>
            <translation>道路修改历史(&amp;H)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="295" />
            <source>Cannot open the workspace %1</source>
            <translation>无法打开工作空间 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="302" />
            <source>The workspace %1 is read-only: edits cannot be saved.</source>
            <translation>工作空间 %1 为只读：无法保存修改。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="334" />
            <source>Open workspace</source>
            <translation>打开工作空间</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="335" />
            <source>GeoPackage workspace (*.gpkg);;All files (*)</source>
            <translation>GeoPackage 工作空间 (*.gpkg);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="342" />
            <source>Folder of GeoJSON layers to import</source>
            <translation>要导入的 GeoJSON 图层文件夹</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="345" />
            <source>New workspace</source>
            <translation>新建工作空间</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="347" />
            <source>GeoPackage workspace (*.gpkg)</source>
            <translation>GeoPackage 工作空间 (*.gpkg)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="359" />
            <source>Cannot create the workspace %1</source>
            <translation>无法创建工作空间 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="387" />
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="402" />
            <location filename="../../qxmap/ui/workspace_controller.py" line="407" />
            <source>%1: the value was not accepted</source>
            <translation>%1：该值未被接受</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="412" />
            <source>%1: %2

Change it anyway?</source>
            <translation>%1：%2

仍要修改吗？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="415" />
            <source>%1: %2 %3 → %4</source>
            <translation>%1：%2 %3 → %4</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="443" />
            <source>The change cannot be made</source>
            <translation>无法进行此修改</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="483" />
            <source>The workspace was not saved; your edits are kept</source>
            <translation>工作空间未保存；您的修改仍保留</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="488" />
            <source>Saved %1 change(s) to %2</source>
            <translation>已将 %1 处修改保存到 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="499" />
            <source>Not saved: changed by someone else since you opened the workspace: %1</source>
            <translation>未保存：自您打开工作空间以来，他人已修改：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="501" />
            <source>Reload to see their changes (your other edits are kept), then edit again.</source>
            <translation>请重新加载以查看他人的修改（您的其他修改会保留），然后再次编辑。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="503" />
            <location filename="../../qxmap/ui/workspace_controller.py" line="572" />
            <source>&amp;Reload</source>
            <translation>重新加载(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="532" />
            <source>Reload the workspace from disk? Edits that clash with the file are dropped.</source>
            <translation>从磁盘重新加载工作空间吗？与文件冲突的修改将被丢弃。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="538" />
            <source>The workspace cannot be reloaded</source>
            <translation>无法重新加载工作空间</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="546" />
            <source>%1 edit(s) were dropped: the file now holds other values for them.</source>
            <translation>已丢弃 %1 处修改：文件中这些项已是其他值。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="568" />
            <source>%1 was changed by another program.</source>
            <translation>%1 已被其他程序修改。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="569" />
            <source>Reload it? Your unsaved edits are kept where they do not clash.</source>
            <translation>重新加载吗？未冲突的未保存修改将会保留。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="570" />
            <source>Reload it to see the changes?</source>
            <translation>重新加载以查看更改吗？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="573" />
            <source>&amp;Ignore</source>
            <translation>忽略(&amp;I)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="593" />
            <source>%1 has %2 unsaved change(s).</source>
            <translation>%1 有 %2 处未保存的修改。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="609" />
            <source>Export layers to folder</source>
            <translation>导出图层到文件夹</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="618" />
            <source>The layers were not exported</source>
            <translation>图层未导出</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="620" />
            <source>Exported %1 layer(s) to %2</source>
            <translation>已将 %1 个图层导出到 %2</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="627" />
            <source>Export history to CSV</source>
            <translation>导出修改历史为 CSV</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="629" />
            <source>CSV (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="637" />
            <source>The history was not exported</source>
            <translation>修改历史未导出</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="639" />
            <source>History written to %1</source>
            <translation>修改历史已写入 %1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="655" />
            <source>Select one road to see its history.</source>
            <translation>请选择一条道路以查看其修改历史。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="661" />
            <source>The history cannot be read</source>
            <translation>无法读取修改历史</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="663" />
            <source>History of %1</source>
            <translation>%1 的修改历史</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="664" />
            <source>No saved changes yet.</source>
            <translation>尚无已保存的修改。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="669" />
            <source>qxmap</source>
            <translation>qxmap</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="697" />
            <source>Confirm the change</source>
            <translation>确认修改</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="704" />
            <source>Unsaved changes</source>
            <translation>未保存的修改</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="704" />
            <source>Save them before closing?</source>
            <translation>关闭前保存这些修改吗？</translation>
        </message>
        <message>
            <source>%1 import(s) were dropped: they no longer fit the workspace as the file holds it.</source>
            <translation>%1 次导入已放弃：它们与文件中现有的工作区不再相符。</translation>
        </message>
        <message>
            <source>&amp;Import...</source>
            <translation>导入(&amp;I)...</translation>
        </message>
        <message>
            <source>Bring a planner's file into the workspace: Shapefile, GeoPackage, GeoJSON, KML/KMZ, GPX, DXF, CSV, Excel, FlatGeobuf or zip</source>
            <translation>把规划文件导入工作区：Shapefile、GeoPackage、GeoJSON、KML/KMZ、GPX、DXF、CSV、Excel、FlatGeobuf 或 zip</translation>
        </message>
        <message>
            <source>Import %1 as a reference layer</source>
            <translation>将 %1 导入为参考图层</translation>
        </message>
        <message>
            <source>Import %1: %2 updated, %3 added</source>
            <translation>导入 %1：更新 %2 个，新增 %3 个</translation>
        </message>
        <message>
            <source>Imported data goes into a workspace: open one (File &gt; Open workspace) or make one (File &gt; New workspace from data).</source>
            <translation>导入的数据需放入工作区：请打开一个（文件 &gt; 打开工作区）或新建一个（文件 &gt; 从数据新建工作区）。</translation>
        </message>
        <message>
            <source>Open a workspace first</source>
            <translation>请先打开工作区</translation>
        </message>
        <message>
            <source>The import cannot be applied</source>
            <translation>无法执行导入</translation>
        </message>
    </context>
    <context>
        <name>labels</name>
        <message>
            <source>%1 × 10k yuan</source>
            <translation>%1 万元</translation>
        </message>
        <message>
            <source>Actual start</source>
            <translation>实际开工日期</translation>
        </message>
        <message>
            <source>Budget (10k yuan)</source>
            <translation>投资估算（万元）</translation>
        </message>
        <message>
            <source>Completed on</source>
            <translation>实际完工日期</translation>
        </message>
        <message>
            <source>Contractor</source>
            <translation>施工单位</translation>
        </message>
        <message>
            <source>Last updated</source>
            <translation>最近更新</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>建设单位</translation>
        </message>
        <message>
            <source>Planned completion</source>
            <translation>目标完成</translation>
        </message>
        <message>
            <source>Planned start</source>
            <translation>计划开工</translation>
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
            <location filename="../../qxmap/ui/labels.py" line="72" />
            <source>Not yet mapped: the report counts it but gives no position</source>
            <translation>尚未定位：报告计入了该项目，但未给出位置</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/labels.py" />
            <source>Geometry</source>
            <translation>几何图形</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/labels.py" />
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/labels.py" />
            <source>point</source>
            <translation>点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/labels.py" line="116" />
            <source>Note</source>
            <translation>备注</translation>
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
    </context>
    <context>
        <name>CrsPage</name>
        <message>
            <source>%1 (detected: %2)</source>
            <translation>%1（检测结果：%2）</translation>
        </message>
        <message>
            <source>As declared: %1</source>
            <translation>按文件声明：%1</translation>
        </message>
        <message>
            <source>Check the text encoding and the coordinate system: the preview draws the layer (red) with the town's boundary (grey).</source>
            <translation>请核对文字编码和坐标系：预览图以红色绘出图层，以灰色绘出镇界。</translation>
        </message>
        <message>
            <source>Choose a coordinate system</source>
            <translation>请选择坐标系</translation>
        </message>
        <message>
            <source>Coordinate system:</source>
            <translation>坐标系：</translation>
        </message>
        <message>
            <source>Coordinates and text</source>
            <translation>坐标与文字</translation>
        </message>
        <message>
            <source>Nothing declared: choose one.</source>
            <translation>文件未声明坐标系：请选择一个。</translation>
        </message>
        <message>
            <source>Read again as %1.</source>
            <translation>已按 %1 重新读取。</translation>
        </message>
        <message>
            <source>Suggested: %1 (%2)</source>
            <translation>建议：%1（%2）</translation>
        </message>
        <message>
            <source>Text encoding:</source>
            <translation>文字编码：</translation>
        </message>
        <message>
            <source>The file does not say which one it uses.</source>
            <translation>文件没有说明所用的坐标系。</translation>
        </message>
        <message>
            <source>Unknown coordinate system</source>
            <translation>未知的坐标系</translation>
        </message>
        <message>
            <source>another, e.g. EPSG:4547</source>
            <translation>其他坐标系，例如 EPSG:4547</translation>
        </message>
        <message>
            <source>x and y are swapped</source>
            <translation>x 与 y 对调</translation>
        </message>
    </context>
    <context>
        <name>FilePage</name>
        <message>
            <source>&amp;Browse...</source>
            <translation>浏览(&amp;B)...</translation>
        </message>
        <message>
            <source>A Shapefile, GeoPackage, GeoJSON, KML/KMZ, GPX, DXF, CSV, Excel, FlatGeobuf file, a folder or a zip archive.</source>
            <translation>Shapefile、GeoPackage、GeoJSON、KML/KMZ、GPX、DXF、CSV、Excel、FlatGeobuf 文件，文件夹或 zip 压缩包。</translation>
        </message>
        <message>
            <source>Choose a file</source>
            <translation>选择文件</translation>
        </message>
        <message>
            <source>Import a file</source>
            <translation>导入文件</translation>
        </message>
    </context>
    <context>
        <name>ImportWizard</name>
        <message>
            <source>%1 cannot be read</source>
            <translation>无法读取 %1</translation>
        </message>
        <message>
            <source>&amp;Import</source>
            <translation>导入(&amp;I)</translation>
        </message>
        <message>
            <source>All files (*)</source>
            <translation>所有文件 (*)</translation>
        </message>
        <message>
            <source>BD-09 (Baidu)</source>
            <translation>BD-09（百度）</translation>
        </message>
        <message>
            <source>CGCS2000 3° Gauss-Krüger CM 114°E (EPSG:4547)</source>
            <translation>CGCS2000 3度高斯-克吕格 中央经线 114°E（EPSG:4547）</translation>
        </message>
        <message>
            <source>CGCS2000 3° Gauss-Krüger zone 38 (EPSG:4526)</source>
            <translation>CGCS2000 3度高斯-克吕格 第 38 带（EPSG:4526）</translation>
        </message>
        <message>
            <source>CGCS2000 longitude/latitude (EPSG:4490)</source>
            <translation>CGCS2000 经纬度（EPSG:4490）</translation>
        </message>
        <message>
            <source>CSV table (*.csv *.tsv)</source>
            <translation>CSV 表格 (*.csv *.tsv)</translation>
        </message>
        <message>
            <source>Choose a coordinate system to see where the data lands.</source>
            <translation>选择坐标系后即可看到数据落在何处。</translation>
        </message>
        <message>
            <source>DXF drawing (*.dxf)</source>
            <translation>DXF 图纸 (*.dxf)</translation>
        </message>
        <message>
            <source>Every feature is skipped or changes nothing.</source>
            <translation>所有要素均被跳过或不产生任何变化。</translation>
        </message>
        <message>
            <source>Excel table (*.xlsx)</source>
            <translation>Excel 表格 (*.xlsx)</translation>
        </message>
        <message>
            <source>Expressway</source>
            <translation>所属高速</translation>
        </message>
        <message>
            <source>FlatGeobuf (*.fgb)</source>
            <translation>FlatGeobuf (*.fgb)</translation>
        </message>
        <message>
            <source>GCJ-02 (AMap, Tencent)</source>
            <translation>GCJ-02（高德、腾讯）</translation>
        </message>
        <message>
            <source>GPX (*.gpx)</source>
            <translation>GPX (*.gpx)</translation>
        </message>
        <message>
            <source>GeoJSON (*.geojson *.json)</source>
            <translation>GeoJSON (*.geojson *.json)</translation>
        </message>
        <message>
            <source>GeoPackage (*.gpkg)</source>
            <translation>GeoPackage (*.gpkg)</translation>
        </message>
        <message>
            <source>Id</source>
            <translation>编号</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>导入</translation>
        </message>
        <message>
            <source>KML/KMZ (*.kml *.kmz)</source>
            <translation>KML/KMZ (*.kml *.kmz)</translation>
        </message>
        <message>
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Map data and planners' files (%1)</source>
            <translation>地图数据与规划文件 (%1)</translation>
        </message>
        <message>
            <source>MapInfo (*.tab *.mif)</source>
            <translation>MapInfo (*.tab *.mif)</translation>
        </message>
        <message>
            <source>Name (Chinese)</source>
            <translation>名称（中文）</translation>
        </message>
        <message>
            <source>Name (English)</source>
            <translation>名称（英文）</translation>
        </message>
        <message>
            <source>Nothing to import</source>
            <translation>没有可导入的内容</translation>
        </message>
        <message>
            <source>Shapefile (*.shp)</source>
            <translation>Shapefile (*.shp)</translation>
        </message>
        <message>
            <source>Source</source>
            <translation>来源</translation>
        </message>
        <message>
            <source>The data lands %1 km from the town: is the coordinate system right?</source>
            <translation>数据落在距清溪镇 %1 公里处：坐标系是否正确？</translation>
        </message>
        <message>
            <source>The data lands in or near the town.</source>
            <translation>数据落在镇内或镇附近。</translation>
        </message>
        <message>
            <source>The import cannot be applied</source>
            <translation>无法执行导入</translation>
        </message>
        <message>
            <source>The import cannot be planned</source>
            <translation>无法生成导入方案</translation>
        </message>
        <message>
            <source>The layer cannot be read</source>
            <translation>无法读取该图层</translation>
        </message>
        <message>
            <source>The mapping was not saved</source>
            <translation>映射未保存</translation>
        </message>
        <message>
            <source>WGS-84 longitude/latitude (EPSG:4326, GPS)</source>
            <translation>WGS-84 经纬度（EPSG:4326，GPS）</translation>
        </message>
        <message>
            <source>Web Mercator (EPSG:3857)</source>
            <translation>Web 墨卡托（EPSG:3857）</translation>
        </message>
        <message>
            <source>With this coordinate system the data cannot be placed.</source>
            <translation>按此坐标系无法确定数据的位置。</translation>
        </message>
        <message>
            <source>With this coordinate system the data lands outside China or at sea: it is probably the wrong one.</source>
            <translation>按此坐标系，数据落在中国境外或海上：很可能选错了坐标系。</translation>
        </message>
        <message>
            <source>Zip archive (*.zip)</source>
            <translation>Zip 压缩包 (*.zip)</translation>
        </message>
        <message>
            <source>certain</source>
            <translation>确定</translation>
        </message>
        <message>
            <source>high confidence</source>
            <translation>可信度高</translation>
        </message>
        <message>
            <source>low confidence</source>
            <translation>可信度低</translation>
        </message>
        <message>
            <source>medium confidence</source>
            <translation>可信度中等</translation>
        </message>
    </context>
    <context>
        <name>LayerPage</name>
        <message>
            <source>Choose a layer</source>
            <translation>选择图层</translation>
        </message>
        <message>
            <source>Each layer of the file with its geometry, number of features and fields.</source>
            <translation>文件中的每个图层及其几何类型、要素数量和字段。</translation>
        </message>
        <message>
            <source>Features</source>
            <translation>要素数</translation>
        </message>
        <message>
            <source>Fields</source>
            <translation>字段</translation>
        </message>
        <message>
            <source>Geometry</source>
            <translation>几何类型</translation>
        </message>
        <message>
            <source>Layer</source>
            <translation>图层</translation>
        </message>
        <message>
            <source>Not read:</source>
            <translation>未读取：</translation>
        </message>
        <message>
            <source>no geometry</source>
            <translation>无几何</translation>
        </message>
    </context>
    <context>
        <name>MappingPage</name>
        <message>
            <source>(no value)</source>
            <translation>（无值）</translation>
        </message>
        <message>
            <source>(none)</source>
            <translation>（无）</translation>
        </message>
        <message>
            <source>(unknown: skipped)</source>
            <translation>（未知：跳过）</translation>
        </message>
        <message>
            <source>Count</source>
            <translation>数量</translation>
        </message>
        <message>
            <source>Default</source>
            <translation>默认值</translation>
        </message>
        <message>
            <source>Field</source>
            <translation>字段</translation>
        </message>
        <message>
            <source>Field in the file</source>
            <translation>文件中的字段</translation>
        </message>
        <message>
            <source>Fields and values</source>
            <translation>字段与取值</translation>
        </message>
        <message>
            <source>Import as:</source>
            <translation>导入为：</translation>
        </message>
        <message>
            <source>Layer name:</source>
            <translation>图层名称：</translation>
        </message>
        <message>
            <source>Reference layer (drawn, not tracked)</source>
            <translation>参考图层（仅显示，不跟踪）</translation>
        </message>
        <message>
            <source>The mapping does not fit the file</source>
            <translation>映射与文件不符</translation>
        </message>
        <message>
            <source>Value in the file</source>
            <translation>文件中的取值</translation>
        </message>
        <message>
            <source>Values with no qxmap code (those features are skipped): %1</source>
            <translation>无对应 qxmap 代码的取值（这些要素将被跳过）：%1</translation>
        </message>
        <message>
            <source>Which field of the file is which qxmap field, and which value is which code. The suggestions are filled in; change what is wrong.</source>
            <translation>文件中的哪个字段对应哪个 qxmap 字段，哪个取值对应哪个代码。已填入建议，请修改不对的地方。</translation>
        </message>
        <message>
            <source>qxmap field</source>
            <translation>qxmap 字段</translation>
        </message>
        <message>
            <source>qxmap value</source>
            <translation>qxmap 取值</translation>
        </message>
    </context>
    <context>
        <name>ReferencePanel</name>
        <message>
            <source>Layers kept for reference (imported, not tracked), drawn under the projects</source>
            <translation>作为参考保留的图层（已导入，不跟踪），绘于项目之下</translation>
        </message>
        <message>
            <source>Reference layers</source>
            <translation>参考图层</translation>
        </message>
    </context>
    <context>
        <name>ReviewPage</name>
        <message>
            <source>%1 matched, %2 new, %3 reference, %4 skipped</source>
            <translation>匹配 %1 个，新增 %2 个，参考 %3 个，跳过 %4 个</translation>
        </message>
        <message>
            <source>%1 piece(s) merged into others</source>
            <translation>%1 段已并入其他要素</translation>
        </message>
        <message>
            <source>Feature</source>
            <translation>要素</translation>
        </message>
        <message>
            <source>Feature in the file</source>
            <translation>文件中的要素</translation>
        </message>
        <message>
            <source>Import mapping (*.toml)</source>
            <translation>导入映射 (*.toml)</translation>
        </message>
        <message>
            <source>Match records:</source>
            <translation>匹配记录：</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>记录</translation>
        </message>
        <message>
            <source>Review and import</source>
            <translation>核对并导入</translation>
        </message>
        <message>
            <source>Same?</source>
            <translation>相同？</translation>
        </message>
        <message>
            <source>Save &amp;mapping...</source>
            <translation>保存映射(&amp;M)...</translation>
        </message>
        <message>
            <source>Save the mapping</source>
            <translation>保存映射</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>相似度</translation>
        </message>
        <message>
            <source>Similar records (confirm to update them instead of adding):</source>
            <translation>相似的记录（确认后将更新该记录而不是新增）：</translation>
        </message>
        <message>
            <source>Skipped features:</source>
            <translation>跳过的要素：</translation>
        </message>
        <message>
            <source>The import cannot be planned.</source>
            <translation>无法生成导入方案。</translation>
        </message>
        <message>
            <source>What the import does. Similar names are only candidates: tick the ones that are the same record.</source>
            <translation>导入将做什么。名称相似的只是候选：请勾选确属同一记录的。</translation>
        </message>
        <message>
            <source>Why it is skipped</source>
            <translation>跳过原因</translation>
        </message>
        <message>
            <source>by id only</source>
            <translation>仅按编号</translation>
        </message>
        <message>
            <source>by id, then by name</source>
            <translation>先按编号，再按名称</translation>
        </message>
        <message>
            <source>by name only</source>
            <translation>仅按名称</translation>
        </message>
        <message>
            <source>never: all new records</source>
            <translation>不匹配：全部作为新记录</translation>
        </message>
    </context>
    <context>
        <name>AsOfBar</name>
        <message>
            <source>%1 change(s) undone</source>
            <translation>已回退 %1 项变更</translation>
        </message>
        <message>
            <source>One month earlier</source>
            <translation>前一个月</translation>
        </message>
        <message>
            <source>One month later</source>
            <translation>后一个月</translation>
        </message>
        <message>
            <source>One year earlier</source>
            <translation>前一年</translation>
        </message>
        <message>
            <source>One year later</source>
            <translation>后一年</translation>
        </message>
        <message>
            <source>Open a workspace: the state of a past day comes from its history.</source>
            <translation>请打开工作空间：过去某日的状态来自其变更记录。</translation>
        </message>
        <message>
            <source>Show each road's status, phase and progress as they were at the end of this day, from the workspace's history (nothing is changed)</source>
            <translation>按工作空间的变更记录，显示各道路在该日结束时的状态、建设阶段和进度（不修改任何数据）</translation>
        </message>
        <message>
            <source>State as of</source>
            <translation>状态截至</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>今天</translation>
        </message>
    </context>
    <context>
        <name>BarChart</name>
        <message>
            <source>%1 · %2: %3 record(s), %4 km</source>
            <translation>%1 · %2：%3 项，%4 km</translation>
        </message>
        <message>
            <source>%1: %2 record(s), %3 km</source>
            <translation>%1：%2 项，%3 km</translation>
        </message>
        <message>
            <source>Click to filter to it</source>
            <translation>点击即按此筛选</translation>
        </message>
    </context>
    <context>
        <name>ChangesPanel</name>
        <message>
            <source>%1 change(s) since %2</source>
            <translation>自 %2 以来共 %1 项变更</translation>
        </message>
        <message>
            <source>By</source>
            <translation>变更人</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>变更</translation>
        </message>
        <message>
            <source>Excel workbook (*.xlsx)</source>
            <translation>Excel 工作簿 (*.xlsx)</translation>
        </message>
        <message>
            <source>Export XLSX...</source>
            <translation>导出 XLSX...</translation>
        </message>
        <message>
            <source>Export slides...</source>
            <translation>导出幻灯片...</translation>
        </message>
        <message>
            <source>Export the changes</source>
            <translation>导出变更</translation>
        </message>
        <message>
            <source>Finished</source>
            <translation>完工</translation>
        </message>
        <message>
            <source>Note</source>
            <translation>说明</translation>
        </message>
        <message>
            <source>Open a workspace: the changes come from its saved history.</source>
            <translation>请打开工作空间：变更来自其已保存的变更记录。</translation>
        </message>
        <message>
            <source>Other changes</source>
            <translation>其他变更</translation>
        </message>
        <message>
            <source>PowerPoint slides (*.pptx)</source>
            <translation>PowerPoint 幻灯片 (*.pptx)</translation>
        </message>
        <message>
            <source>Set back or put on hold</source>
            <translation>状态倒退或暂缓</translation>
        </message>
        <message>
            <source>Since</source>
            <translation>起始日期</translation>
        </message>
        <message>
            <source>Since the last export of this report</source>
            <translation>自上次导出本报告以来</translation>
        </message>
        <message>
            <source>Since the last export of this report (%1)</source>
            <translation>自上次导出本报告以来（%1）</translation>
        </message>
        <message>
            <source>Since the last export of this report (not exported yet)</source>
            <translation>自上次导出本报告以来（尚未导出）</translation>
        </message>
        <message>
            <source>Slipped (target moved later)</source>
            <translation>延期（目标推迟）</translation>
        </message>
        <message>
            <source>Started</source>
            <translation>开工</translation>
        </message>
        <message>
            <source>The changes were not exported</source>
            <translation>变更未导出</translation>
        </message>
        <message>
            <source>When</source>
            <translation>时间</translation>
        </message>
    </context>
    <context>
        <name>Dashboard</name>
        <message>
            <source>A completion date this year, or a saved change to “completed” this year (up to the day shown)</source>
            <translation>今年内（截至所示日期）有实际完工日期，或已保存的状态变更为“已建成”</translation>
        </message>
        <message>
            <source>An actual start date this year, or a saved change to “under construction” this year (up to the day shown)</source>
            <translation>今年内（截至所示日期）有实际开工日期，或已保存的状态变更为“在建”</translation>
        </message>
        <message>
            <source>By build phase (status colours)</source>
            <translation>按建设阶段（颜色表示状态）</translation>
        </message>
        <message>
            <source>By category</source>
            <translation>按类别</translation>
        </message>
        <message>
            <source>Click a bar to filter to it</source>
            <translation>点击条形即可筛选</translation>
        </message>
        <message>
            <source>Export PNG...</source>
            <translation>导出 PNG...</translation>
        </message>
        <message>
            <source>Export slide...</source>
            <translation>导出幻灯片...</translation>
        </message>
        <message>
            <source>Export the dashboard</source>
            <translation>导出进展概览</translation>
        </message>
        <message>
            <source>Finished this year</source>
            <translation>今年完工</translation>
        </message>
        <message>
            <source>No data open.</source>
            <translation>尚未打开数据。</translation>
        </message>
        <message>
            <source>Overdue</source>
            <translation>逾期未完成</translation>
        </message>
        <message>
            <source>PNG image (*.png)</source>
            <translation>PNG 图片 (*.png)</translation>
        </message>
        <message>
            <source>PowerPoint slide (*.pptx)</source>
            <translation>PowerPoint 幻灯片 (*.pptx)</translation>
        </message>
        <message>
            <source>Records</source>
            <translation>项目数</translation>
        </message>
        <message>
            <source>Records the filter keeps</source>
            <translation>符合筛选条件的项目数</translation>
        </message>
        <message>
            <source>Schematic length of the located roads the filter keeps</source>
            <translation>符合筛选条件、已定位道路的示意长度</translation>
        </message>
        <message>
            <source>Started this year</source>
            <translation>今年开工</translation>
        </message>
        <message>
            <source>State as of %1</source>
            <translation>状态截至 %1</translation>
        </message>
        <message>
            <source>The dashboard was not exported</source>
            <translation>进展概览未导出</translation>
        </message>
        <message>
            <source>The target has passed and the record is not completed</source>
            <translation>已过目标完成时间但尚未建成</translation>
        </message>
        <message>
            <source>Today, %1</source>
            <translation>今天（%1）</translation>
        </message>
        <message>
            <source>km</source>
            <translation>公里</translation>
        </message>
    </context>
    <context>
        <name>TimelinePanel</name>
        <message>
            <source>%1 overdue (red, !)</source>
            <translation>%1 项逾期（红色，!）</translation>
        </message>
        <message>
            <source>%1 record(s) on the timeline</source>
            <translation>时间轴上 %1 项</translation>
        </message>
        <message>
            <source>%1 without planned dates not shown</source>
            <translation>%1 项无计划日期，未显示</translation>
        </message>
        <message>
            <source>Records without dates</source>
            <translation>显示无日期的项目</translation>
        </message>
    </context>
    <context>
        <name>TimelineView</name>
        <message>
            <source>%1 record(s) have no dates.</source>
            <translation>%1 项没有日期。</translation>
        </message>
        <message>
            <source>No planned start or target dates for the records shown.</source>
            <translation>所示项目没有计划开工或目标完成日期。</translation>
        </message>
        <message>
            <source>Overdue by %1 day(s)</source>
            <translation>已逾期 %1 天</translation>
        </message>
        <message>
            <source>Planned %1 → %2</source>
            <translation>计划 %1 → %2</translation>
        </message>
        <message>
            <source>Today</source>
            <translation>今天</translation>
        </message>
    </context>
    <context>
        <name>TrackingForm</name>
        <message>
            <source>2019 or 2019-06</source>
            <translation>2019 或 2019-06</translation>
        </message>
        <message>
            <source>Budget</source>
            <translation>投资估算</translation>
        </message>
        <message>
            <source>Open a workspace to edit these fields.</source>
            <translation>打开工作空间后才能编辑这些字段。</translation>
        </message>
        <message>
            <source>Planned completion</source>
            <translation>目标完成</translation>
        </message>
        <message>
            <source>Planned start</source>
            <translation>计划开工</translation>
        </message>
        <message>
            <source>Showing the state as of %1: the fields are read-only.</source>
            <translation>正在显示截至 %1 的状态：字段为只读。</translation>
        </message>
        <message>
            <source>Tracking</source>
            <translation>进展跟踪</translation>
        </message>
        <message>
            <source>YYYY-MM-DD</source>
            <translation>YYYY-MM-DD</translation>
        </message>
        <message>
            <source>e.g. 1200万元 or 3.5亿元</source>
            <translation>例如 1200万元 或 3.5亿元</translation>
        </message>
        <message>
            <source>e.g. the construction company</source>
            <translation>例如 施工企业名称</translation>
        </message>
        <message>
            <source>e.g. the town government</source>
            <translation>例如 清溪镇人民政府</translation>
        </message>
    </context>
    <context>
        <name>TrackingUI</name>
        <message>
            <source>Details</source>
            <translation>详情</translation>
        </message>
        <message>
            <source>Tracking</source>
            <translation>进展跟踪</translation>
        </message>
        <message>
            <source>Changes since</source>
            <translation>变更</translation>
        </message>
        <message>
            <source>Overview</source>
            <translation>概览</translation>
        </message>
        <message>
            <source>Progress dashboard</source>
            <translation>进展概览</translation>
        </message>
        <message>
            <source>Timeline</source>
            <translation>时间轴</translation>
        </message>
    </context>
    <context>
        <name>DrawTool</name>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>%1 already has a position. Replace it with what you drew?</source>
            <translation>%1 已有位置。要用您绘制的图形替换吗？</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>%1: line continued</source>
            <translation>%1：线已延长</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>%1: merged with %2</source>
            <translation>%1：已与 %2 合并</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>%1: moved</source>
            <translation>%1：已移动</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>%1: new record</source>
            <translation>%1：新记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>%1: position deleted</source>
            <translation>%1：位置已删除</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>%1: put on the map</source>
            <translation>%1：已上图</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>%1: split into two roads</source>
            <translation>%1：已拆分为两条道路</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>%1: vertex added</source>
            <translation>%1：已添加节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>%1: vertex deleted</source>
            <translation>%1：已删除节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>%1: vertex moved</source>
            <translation>%1：已移动节点</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>&amp;Continue line from its end</source>
            <translation>从线的终点继续绘制(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>&amp;Delete geometry...</source>
            <translation>删除几何图形(&amp;D)...</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>&amp;Draw</source>
            <translation>绘制(&amp;D)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>&amp;Move feature</source>
            <translation>移动要素(&amp;M)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>&amp;Select and edit vertices</source>
            <translation>选择并编辑节点(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Area: %1 (perimeter %2)</source>
            <translation>面积：%1（周长 %2）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Click the vertex where the road is split.</source>
            <translation>点击要拆分道路的节点。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Click to add vertices after the line's end; double-click or Enter finishes.</source>
            <translation>点击在线的终点之后添加节点；双击或按回车键完成。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Click to add vertices; double-click or Enter finishes, Esc cancels, S snaps.</source>
            <translation>点击添加节点；双击或按回车键完成，Esc 取消，S 切换捕捉。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Click where the point goes.</source>
            <translation>点击放置点的位置。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Delete the position of %1? The record stays, as not yet mapped.</source>
            <translation>删除 %1 的位置吗？记录将保留，标为尚未定位。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Drag the selected feature to move it.</source>
            <translation>拖动所选要素以移动它。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Draw &amp;line</source>
            <translation>绘制线(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Draw &amp;point</source>
            <translation>绘制点(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Draw poly&amp;gon</source>
            <translation>绘制多边形(&amp;G)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Edit &amp;mode (draw on the map)</source>
            <translation>编辑模式（在地图上绘制）(&amp;M)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Edit mode: select a feature; drag its vertices, drag a midpoint to add one, right-click to delete one.</source>
            <translation>编辑模式：选择要素；拖动节点，拖动中点添加节点，右键单击删除节点。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Length: %1</source>
            <translation>长度：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Mer&amp;ge two roads</source>
            <translation>合并两条道路(&amp;G)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Merge %2 into %1? %1 gets the joined line and %2 is removed (its history stays; Undo brings it back).</source>
            <translation>将 %2 合并到 %1 吗？%1 获得连接后的线，%2 将被移除（其变更记录保留；撤销可恢复）。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Not accepted: %1</source>
            <translation>未被接受：%1</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Nothing was added: what you drew was discarded.</source>
            <translation>未添加任何内容：所绘图形已丢弃。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Open a workspace to edit the map.</source>
            <translation>请先打开工作空间，再编辑地图。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>S&amp;nap (S in the map)</source>
            <translation>捕捉（在地图中按 S）(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>S&amp;plit road at a vertex</source>
            <translation>在节点处拆分道路(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Select two roads that share an end point.</source>
            <translation>请选择两条端点相接的道路。</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>The geometry was not accepted</source>
            <translation>几何图形未被接受</translation>
        </message>
    </context>
    <context>
        <name>NewRecordDialog</name>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Category</source>
            <translation>类别</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Layer</source>
            <translation>图层</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Name (Chinese)</source>
            <translation>名称（中文）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>Name (English)</source>
            <translation>名称（英文）</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>New record</source>
            <translation>新记录</translation>
        </message>
        <message>
            <location filename="../../qxmap/ui/drawtool.py" />
            <source>What you drew is not one of the selected records. Make it a new record:</source>
            <translation>所绘图形不属于所选记录。将其建为新记录：</translation>
        </message>
    </context>
</TS>
