<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>DetailsPane</name>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="151" />
            <source>Layer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="152" />
            <source>ID</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="153" />
            <source>English name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="157" />
            <source>Kind</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="159" />
            <source>Expressway</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="172" />
            <source>Area (km²)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="174" />
            <source>Note</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="176" />
            <source>Schematic position: drawn from the work report's words and rough references, not surveyed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="178" />
            <source>Approximate position: placed from a map point of medium or high confidence; its extent is not surveyed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="180" />
            <source>Not yet mapped: the work report counts it but gives no position.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="181" />
            <source>Surveyed position.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>FilterPanel</name>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="44" />
            <source>Build phase</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="45" />
            <source>Status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="46" />
            <source>Category</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="67" />
            <source>Search names (Chinese or English)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="70" />
            <source>Clear filters</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>LayerPanel</name>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="243" />
            <source>Layers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="266" />
            <source>Legend</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="269" />
            <source>Status (colour)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="277" />
            <source>Road category (width)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="286" />
            <source>Positions are schematic reconstructions from the town work report, not survey data. Each feature says how accurate it is.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="48" />
            <location filename="../../qxmap/ui/mainwindow.py" line="186" />
            <source>Qingxi Infrastructure Map</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="114" />
            <source>Road status</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="123" />
            <source>Layers and legend</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="129" />
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="130" />
            <source>&amp;Open dataset...</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="133" />
            <source>&amp;Reload</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="136" />
            <source>&amp;Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="145" />
            <source>&amp;View</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="149" />
            <source>&amp;Fit to town</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="153" />
            <source>&amp;Clear filters</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="159" />
            <source>&amp;Help</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="160" />
            <source>&amp;About qxmap</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="175" />
            <source>Cannot open %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="197" />
            <source>Open dataset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="198" />
            <source>Map data (*.geojson *.json *.gpkg);;All files (*)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="200" />
            <source>Open a folder of GeoJSON layers</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="210" />
            <source>… and %1 more (see the details)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="212" />
            <source>%1 cannot be opened: %2 problem(s). The data that was open stays open.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="217" />
            <source>qxmap</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="260" />
            <source>%1 is not mapped yet: the report gives no position.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="299" />
            <source>WGS-84: %1, %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="313" />
            <source>qxmap (清溪基建地图) shows the infrastructure projects of Qingxi town, Dongguan, from the town government's work report.

Data sources: the projects, their phases and the words quoted for each come from the work report. Positions are a schematic reconstruction: the town outline is simplified, a few points come from map services (approximate), most lines and areas are schematic, and records the report counts without naming them are listed as not yet mapped. Nothing is survey data.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/mainwindow.py" line="319" />
            <source>About qxmap</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>RoadEditDelegate</name>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="131" />
            <location filename="../../qxmap/ui/workspace_controller.py" line="138" />
            <source>(none)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SummaryLabel</name>
        <message>
            <location filename="../../qxmap/ui/panels.py" line="122" />
            <source>Total: %1 records, %2 km (%3 not yet mapped)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>WorkspaceController</name>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="222" />
            <source>&amp;New workspace from data...</source>
            <extracomment>A workspace was opened or reloaded (argument: its path as text). Pending edits were written (argument: number of history rows).</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="224" />
            <source>Open &amp;workspace...</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="227" />
            <source>Recent &amp;workspaces</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="229" />
            <source>&amp;Save</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="232" />
            <source>Reload &amp;workspace from disk</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="234" />
            <source>Export layers to &amp;GeoJSON...</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="236" />
            <source>Export &amp;history to CSV...</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="253" />
            <source>&amp;Edit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="254" />
            <source>&amp;Undo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="256" />
            <source>&amp;Redo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="258" />
            <source>Road &amp;history...</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="291" />
            <source>Cannot open the workspace %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="298" />
            <source>The workspace %1 is read-only: edits cannot be saved.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="330" />
            <source>Open workspace</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="331" />
            <source>GeoPackage workspace (*.gpkg);;All files (*)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="338" />
            <source>Folder of GeoJSON layers to import</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="341" />
            <source>New workspace</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="343" />
            <source>GeoPackage workspace (*.gpkg)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="355" />
            <source>Cannot create the workspace %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="383" />
            <source>(none)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="398" />
            <location filename="../../qxmap/ui/workspace_controller.py" line="403" />
            <source>%1: the value was not accepted</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="408" />
            <source>%1: %2

Change it anyway?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="411" />
            <source>%1: %2 %3 → %4</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="439" />
            <source>The change cannot be made</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="479" />
            <source>The workspace was not saved; your edits are kept</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="484" />
            <source>Saved %1 change(s) to %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="494" />
            <source>Not saved: changed by someone else since you opened the workspace: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="496" />
            <source>Reload to see their changes (your other edits are kept), then edit again.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="498" />
            <location filename="../../qxmap/ui/workspace_controller.py" line="567" />
            <source>&amp;Reload</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="527" />
            <source>Reload the workspace from disk? Edits that clash with the file are dropped.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="533" />
            <source>The workspace cannot be reloaded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="541" />
            <source>%1 edit(s) were dropped: the file now holds other values for them.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="563" />
            <source>%1 was changed by another program.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="564" />
            <source>Reload it? Your unsaved edits are kept where they do not clash.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="565" />
            <source>Reload it to see the changes?</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="568" />
            <source>&amp;Ignore</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="588" />
            <source>%1 has %2 unsaved change(s).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="604" />
            <source>Export layers to folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="613" />
            <source>The layers were not exported</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="615" />
            <source>Exported %1 layer(s) to %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="622" />
            <source>Export history to CSV</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="624" />
            <source>CSV (*.csv)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="632" />
            <source>The history was not exported</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="634" />
            <source>History written to %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="648" />
            <source>Select one road to see its history.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="654" />
            <source>The history cannot be read</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="656" />
            <source>History of %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="657" />
            <source>No saved changes yet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="662" />
            <source>qxmap</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="690" />
            <source>Confirm the change</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="697" />
            <source>Unsaved changes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../../qxmap/ui/workspace_controller.py" line="697" />
            <source>Save them before closing?</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>labels</name>
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
