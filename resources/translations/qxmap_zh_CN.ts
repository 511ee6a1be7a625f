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
    </context>
    <context>
        <name>labels</name>
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
</TS>
